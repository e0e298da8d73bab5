package dev.rdpc.tools.metrics;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Distances between two sets of feature vectors (rows): the Frechet distance between the Gaussians
 * fitted to them (FID when the features are a classifier's) and the kernel distance (KID, the unbiased
 * squared MMD with the cubic polynomial kernel). Definitions in docs/metrics.md section 4.
 */
public final class FeatureDistances {
    /** KID subsets: sets larger than this are compared through random subsets of this size. */
    public static final int KID_SUBSET = 1000;
    /** Number of random subsets when a set exceeds {@link #KID_SUBSET}. */
    public static final int KID_SUBSETS = 50;

    private FeatureDistances() {
    }

    /**
     * Frechet distance |mu_a - mu_b|^2 + tr(S_a + S_b - 2 (S_a^1/2 S_b S_a^1/2)^1/2) with unbiased
     * covariances; needs at least two rows in each set.
     */
    public static double frechet(double[][] a, double[][] b) {
        int d = dimension(a, b);
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException("the Frechet distance needs at least 2 feature vectors per set, got "
                    + a.length + " and " + b.length);
        }
        double[] muA = mean(a, d);
        double[] muB = mean(b, d);
        DMatrixRMaj covA = covariance(a, muA);
        DMatrixRMaj covB = covariance(b, muB);
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = muA[j] - muB[j];
            meanTerm += diff * diff;
        }
        // tr((S_a S_b)^1/2) = tr((S_a^1/2 S_b S_a^1/2)^1/2): the inner matrix is symmetric PSD, so its
        // eigenvalues are real and the square root is well defined without a general matrix root.
        DMatrixRMaj rootA = symmetricSqrt(covA);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj inner = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(rootA, covB, tmp);
        CommonOps_DDRM.mult(tmp, rootA, inner);
        symmetrize(inner);
        double traceRoot = 0;
        for (double lambda : eigenvalues(inner)) {
            traceRoot += Math.sqrt(Math.max(0.0, lambda));
        }
        double value = meanTerm + CommonOps_DDRM.trace(covA) + CommonOps_DDRM.trace(covB) - 2 * traceRoot;
        return Math.max(0.0, value);
    }

    /**
     * Kernel distance: the unbiased estimate of MMD^2 with k(x, y) = (x.y / d + 1)^3. Sets of more than
     * {@link #KID_SUBSET} rows are compared through {@link #KID_SUBSETS} random subsets of that size
     * (drawn with {@code seed}) and the estimates averaged. Can be slightly negative: it is unbiased.
     */
    public static double kernel(double[][] a, double[][] b, long seed) {
        int d = dimension(a, b);
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException("the kernel distance needs at least 2 feature vectors per set, got "
                    + a.length + " and " + b.length);
        }
        if (a.length <= KID_SUBSET && b.length <= KID_SUBSET) {
            return mmd2(a, b, d);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double sum = 0;
        for (int s = 0; s < KID_SUBSETS; s++) {
            sum += mmd2(subset(a, random), subset(b, random), d);
        }
        return sum / KID_SUBSETS;
    }

    private static double[][] subset(double[][] rows, SplittableRandom random) {
        if (rows.length <= KID_SUBSET) {
            return rows;
        }
        int[] index = new int[rows.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        double[][] out = new double[KID_SUBSET][];
        for (int i = 0; i < KID_SUBSET; i++) {
            int j = i + random.nextInt(index.length - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
            out[i] = rows[index[i]];
        }
        return out;
    }

    private static double mmd2(double[][] a, double[][] b, int d) {
        int m = a.length;
        int n = b.length;
        double aa = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                aa += kernel(a[i], a[j], d);
            }
        }
        double bb = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                bb += kernel(b[i], b[j], d);
            }
        }
        double ab = 0;
        for (double[] x : a) {
            for (double[] y : b) {
                ab += kernel(x, y, d);
            }
        }
        return 2 * aa / (m * (m - 1.0)) + 2 * bb / (n * (n - 1.0)) - 2 * ab / ((double) m * n);
    }

    private static double kernel(double[] x, double[] y, int d) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
            dot += x[k] * y[k];
        }
        double base = dot / d + 1.0;
        return base * base * base;
    }

    private static int dimension(double[][] a, double[][] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("feature sets must not be empty");
        }
        int d = a[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("feature vectors must not be empty");
        }
        for (double[][] set : new double[][][] {a, b}) {
            for (double[] row : set) {
                if (row.length != d) {
                    throw new IllegalArgumentException("feature vectors differ in length: " + d + " and " + row.length);
                }
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("a feature value is not finite: " + v);
                    }
                }
            }
        }
        return d;
    }

    private static double[] mean(double[][] rows, int d) {
        double[] mu = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                mu[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mu[j] /= rows.length;
        }
        return mu;
    }

    private static DMatrixRMaj covariance(double[][] rows, double[] mu) {
        int n = rows.length;
        int d = mu.length;
        DMatrixRMaj centred = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred.unsafe_set(i, j, rows[i][j] - mu[j]);
            }
        }
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multInner(centred, cov);
        CommonOps_DDRM.scale(1.0 / (n - 1), cov);
        return cov;
    }

    private static void symmetrize(DMatrixRMaj m) {
        int d = m.numRows;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double v = 0.5 * (m.unsafe_get(i, j) + m.unsafe_get(j, i));
                m.unsafe_set(i, j, v);
                m.unsafe_set(j, i, v);
            }
        }
    }

    private static EigenDecomposition_F64<DMatrixRMaj> decompose(DMatrixRMaj symmetric, boolean vectors) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(symmetric.numRows, vectors, true);
        if (!eig.decompose(symmetric.copy())) {
            throw new IllegalArgumentException("the eigendecomposition of a covariance matrix did not converge");
        }
        return eig;
    }

    private static double[] eigenvalues(DMatrixRMaj symmetric) {
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(symmetric, false);
        double[] values = new double[eig.getNumberOfEigenvalues()];
        for (int i = 0; i < values.length; i++) {
            values[i] = eig.getEigenvalue(i).getReal();
        }
        return values;
    }

    /** V diag(sqrt(max(lambda, 0))) V^T for a symmetric matrix. */
    private static DMatrixRMaj symmetricSqrt(DMatrixRMaj symmetric) {
        int d = symmetric.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(symmetric, true);
        DMatrixRMaj root = new DMatrixRMaj(d, d);
        for (int k = 0; k < eig.getNumberOfEigenvalues(); k++) {
            double s = Math.sqrt(Math.max(0.0, eig.getEigenvalue(k).getReal()));
            DMatrixRMaj v = eig.getEigenVector(k);
            if (v == null || s == 0.0) {
                continue;
            }
            for (int i = 0; i < d; i++) {
                double vi = v.get(i) * s;
                for (int j = 0; j < d; j++) {
                    root.unsafe_set(i, j, root.unsafe_get(i, j) + vi * v.get(j));
                }
            }
        }
        return root;
    }
}
