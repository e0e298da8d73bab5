package dev.rdpc.decoder;

import java.util.SplittableRandom;

/** Orthonormal bases written for the tests, and dense-matrix helpers. */
final class TestBases {

    private TestBases() {
    }

    /** B = H_k ... H_1, a product of Householder reflections H = I - 2 v v^T with random unit v. */
    static final class HouseholderBasis implements OrthonormalBasis {
        private final int n;
        private final double[][] v;

        HouseholderBasis(int n, int reflections, long seed) {
            this.n = n;
            SplittableRandom rnd = new SplittableRandom(seed);
            v = new double[reflections][n];
            for (double[] vec : v) {
                double norm2 = 0;
                for (int i = 0; i < n; i++) {
                    vec[i] = rnd.nextGaussian();
                    norm2 += vec[i] * vec[i];
                }
                double inv = 1.0 / Math.sqrt(norm2);
                for (int i = 0; i < n; i++) {
                    vec[i] *= inv;
                }
            }
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public void forward(float[] in, float[] out) {
            double[] w = toDouble(in);
            for (int k = 0; k < v.length; k++) {
                reflect(v[k], w);
            }
            toFloat(w, out);
        }

        @Override
        public void inverse(float[] in, float[] out) {
            double[] w = toDouble(in);
            for (int k = v.length - 1; k >= 0; k--) {
                reflect(v[k], w);
            }
            toFloat(w, out);
        }

        private static void reflect(double[] vec, double[] w) {
            double dot = 0;
            for (int i = 0; i < w.length; i++) {
                dot += vec[i] * w[i];
            }
            double f = 2 * dot;
            for (int i = 0; i < w.length; i++) {
                w[i] -= f * vec[i];
            }
        }

        private double[] toDouble(float[] in) {
            if (in.length != n) {
                throw new IllegalArgumentException("length");
            }
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = in[i];
            }
            return w;
        }

        private void toFloat(double[] w, float[] out) {
            if (out.length != n) {
                throw new IllegalArgumentException("length");
            }
            for (int i = 0; i < n; i++) {
                out[i] = (float) w[i];
            }
        }
    }

    /** Orthonormal 2-D DCT-II applied to every channel plane of a CHW tensor. */
    static final class Dct2Basis implements OrthonormalBasis {
        private final TensorShape shape;
        private final double[][] ch;
        private final double[][] cw;

        Dct2Basis(TensorShape shape) {
            this.shape = shape;
            this.ch = dct(shape.height());
            this.cw = dct(shape.width());
        }

        private static double[][] dct(int n) {
            double[][] c = new double[n][n];
            for (int k = 0; k < n; k++) {
                double alpha = Math.sqrt((k == 0 ? 1.0 : 2.0) / n);
                for (int j = 0; j < n; j++) {
                    c[k][j] = alpha * Math.cos(Math.PI * (2 * j + 1) * k / (2.0 * n));
                }
            }
            return c;
        }

        @Override
        public int size() {
            return shape.size();
        }

        @Override
        public void forward(float[] in, float[] out) {
            apply(in, out, false);
        }

        @Override
        public void inverse(float[] in, float[] out) {
            apply(in, out, true);
        }

        /** forward: Y = C_H X C_W^T; inverse: X = C_H^T Y C_W. */
        private void apply(float[] in, float[] out, boolean transpose) {
            int h = shape.height();
            int w = shape.width();
            double[][] tmp = new double[h][w];
            for (int c = 0; c < shape.channels(); c++) {
                int base = c * h * w;
                // rows: tmp[r][k] = sum_j X[r][j] * M_w(k, j)
                for (int r = 0; r < h; r++) {
                    for (int k = 0; k < w; k++) {
                        double s = 0;
                        for (int j = 0; j < w; j++) {
                            double m = transpose ? cw[j][k] : cw[k][j];
                            s += in[base + r * w + j] * m;
                        }
                        tmp[r][k] = s;
                    }
                }
                // columns: out[k][col] = sum_r M_h(k, r) * tmp[r][col]
                for (int k = 0; k < h; k++) {
                    for (int col = 0; col < w; col++) {
                        double s = 0;
                        for (int r = 0; r < h; r++) {
                            double m = transpose ? ch[r][k] : ch[k][r];
                            s += m * tmp[r][col];
                        }
                        out[base + k * w + col] = (float) s;
                    }
                }
            }
        }
    }

    /** Dense matrix of B (row i = B applied to ..., i.e. B[i][j] = (B e_j)_i). */
    static double[][] dense(OrthonormalBasis basis) {
        int n = basis.size();
        double[][] b = new double[n][n];
        float[] e = new float[n];
        float[] col = new float[n];
        for (int j = 0; j < n; j++) {
            e[j] = 1f;
            basis.forward(e, col);
            e[j] = 0f;
            for (int i = 0; i < n; i++) {
                b[i][j] = col[i];
            }
        }
        return b;
    }

    /** The 1 x 8 x 8 shape of {@link #householderGaussian8x8()}. */
    static final TensorShape SHAPE_8X8 = new TensorShape(1, 8, 8);

    /** A non-zero-mean diagonal Gaussian denoiser (variances 1e-3..1) in a fixed Householder basis of 64. */
    static DiagonalGaussianDenoiser householderGaussian8x8() {
        return new DiagonalGaussianDenoiser(new HouseholderBasis(64, 10, 9), gaussian(64, 1, 0.2),
                logSpaced(64, 1e-3, 1));
    }

    static float[] gaussian(int n, long seed, double scale) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (scale * rnd.nextGaussian());
        }
        return x;
    }

    /** Log-spaced values from lo to hi inclusive. */
    static float[] logSpaced(int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.exp(Math.log(lo) + i * (Math.log(hi) - Math.log(lo)) / (n - 1));
        }
        return v;
    }
}
