package org.jgrad.core;

/**
 * How one image of a convolution becomes the column matrix of a matrix product, and back. The product runs over
 * {@link #columns()} columns, which may be more than the output's {@code outH outW} pixels: an implementation may
 * compute extra columns that are thrown away (see {@link GridColumns}). Arrays are {@code float[]} or
 * {@code double[]}; one instance serves one thread (it may hold buffers).
 */
interface Unfolding {
    /** Columns of the column matrix. */
    int columns();

    /** {@code col (patch, columns)} from the image at {@code x[xo ..]}. */
    void unfold(Object x, int xo, Object col);

    /** {@code dx[dxo ..] += fold(dcol)}: each column entry sent back to the input pixel it was read from. */
    void foldAdd(Object dcol, Object dx, int dxo);

    /** {@code y[yo ..] (channels, outH, outW) = } the output pixels of {@code grid (channels, columns)}. */
    void fromColumns(Object grid, int channels, Object y, int yo);

    /** {@code grid (channels, columns) = y[yo ..] (channels, outH, outW)}, zero in the columns that are no pixel. */
    void toColumns(Object y, int yo, int channels, Object grid);

    /** The unfolding for {@code g}: {@link GridColumns} when the stride is 1, else {@link Im2col}. */
    static Unfolding of(Conv2dGeometry g, DType dtype) {
        return g.strideH() == 1 && g.strideW() == 1 ? new GridColumns(g, dtype) : new Im2col(g);
    }
}
