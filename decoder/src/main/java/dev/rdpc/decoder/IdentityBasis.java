package dev.rdpc.decoder;

/** The identity basis: both transforms copy. */
public final class IdentityBasis implements OrthonormalBasis {

    private final int size;

    /** @param size dimension, at least 1 */
    public IdentityBasis(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("basis size must be >= 1, got " + size);
        }
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void forward(float[] in, float[] out) {
        check(in, out);
        System.arraycopy(in, 0, out, 0, size);
    }

    @Override
    public void inverse(float[] in, float[] out) {
        check(in, out);
        System.arraycopy(in, 0, out, 0, size);
    }

    private void check(float[] in, float[] out) {
        if (in.length != size || out.length != size) {
            throw new IllegalArgumentException("identity basis of size " + size
                    + " got arrays of length " + in.length + " and " + out.length);
        }
    }

    @Override
    public String toString() {
        return "IdentityBasis[" + size + "]";
    }
}
