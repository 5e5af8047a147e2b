package org.jgrad.core;

/**
 * Walks the elements of a shape in row-major order while tracking, for each of several operands, the flat index
 * of the element that broadcasts onto the current position (stride 0 along broadcast dimensions).
 *
 * <pre>{@code
 * BroadcastCursor c = new BroadcastCursor(out, a.shape(), b.shape());
 * for (int i = 0; i < out.size(); i++, c.next()) { ... c.index(0) ... c.index(1) ... }
 * }</pre>
 */
final class BroadcastCursor {
    private final int[] dims;
    private final int[][] strides;
    private final int[] position;
    private final int[] index;

    BroadcastCursor(Shape walked, Shape... operands) {
        this.dims = walked.dims();
        this.strides = new int[operands.length][];
        for (int k = 0; k < operands.length; k++) {
            strides[k] = operands[k].broadcastStrides(walked);
        }
        this.position = new int[dims.length];
        this.index = new int[operands.length];
    }

    /** Flat index into operand {@code k} for the current position. */
    int index(int k) {
        return index[k];
    }

    /** Advances to the next position in row-major order. */
    void next() {
        for (int d = dims.length - 1; d >= 0; d--) {
            position[d]++;
            for (int k = 0; k < index.length; k++) {
                index[k] += strides[k][d];
            }
            if (position[d] < dims[d]) {
                return;
            }
            for (int k = 0; k < index.length; k++) {
                index[k] -= strides[k][d] * dims[d];
            }
            position[d] = 0;
        }
    }
}
