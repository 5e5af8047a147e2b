package org.jgrad.core;

/**
 * The column matrix of a stride-1 convolution read straight out of the zero-padded image, one contiguous copy per
 * row.
 *
 * <p>Pad the image to {@code (C, Hp, Wp)} with {@code Hp = H + 2 padH}, {@code Wp = W + 2 padW}, and number the
 * output pixels on the padded width: column {@code q = oh Wp + ow}. Kernel tap {@code (c, i, j)} then reads padded
 * element {@code c Hp Wp + i dilH Wp + j dilW + q}: for every tap the row of the column matrix is one contiguous run
 * of the padded image, {@code outH Wp} long. The columns with {@code ow >= outW} are no output pixel (they wrap into
 * the next row) and are thrown away; the product computes {@code Wp / outW} times the useful work (18/14 for the
 * benchmark's 14 x 14 maps with padding 2), and in exchange the unfolding is 400 long copies per image instead of
 * 5600 short ones. Folding back is the same runs added into a padded gradient, which is then cropped.
 */
final class GridColumns implements Unfolding {
    private final Conv2dGeometry g;
    private final int hp;
    private final int wp;
    private final int q;
    private final Object padded;
    private final Object gradient;

    GridColumns(Conv2dGeometry g, DType dtype) {
        this.g = g;
        this.hp = g.height() + 2 * g.padH();
        this.wp = g.width() + 2 * g.padW();
        this.q = g.outH() * wp;
        // the last tap's run ends (kW - 1) dilW past the padded image: that slack stays zero
        int size = g.inChannels() * hp * wp + (g.kernelW() - 1) * g.dilationW();
        this.padded = dtype == DType.FLOAT32 ? new float[size] : new double[size];
        this.gradient = dtype == DType.FLOAT32 ? new float[size] : new double[size];
    }

    @Override
    public int columns() {
        return q;
    }

    /** Where tap {@code r = (c kH + i) kW + j}'s run starts in the padded image. */
    private int start(int r) {
        int j = r % g.kernelW();
        int i = r / g.kernelW() % g.kernelH();
        int c = r / (g.kernelW() * g.kernelH());
        return c * hp * wp + i * g.dilationH() * wp + j * g.dilationW();
    }

    /** Row {@code h} of channel {@code c} of the image inside the padded one. */
    private int inside(int c, int h) {
        return c * hp * wp + (h + g.padH()) * wp + g.padW();
    }

    @Override
    public void unfold(Object x, int xo, Object col) {
        // only the inside is written, so the border stays zero from construction
        for (int c = 0; c < g.inChannels(); c++) {
            for (int h = 0; h < g.height(); h++) {
                System.arraycopy(x, xo + (c * g.height() + h) * g.width(), padded, inside(c, h), g.width());
            }
        }
        for (int r = 0; r < g.patch(); r++) {
            System.arraycopy(padded, start(r), col, r * q, q);
        }
    }

    @Override
    public void foldAdd(Object dcol, Object dx, int dxo) {
        Im2col.zero(gradient, 0, java.lang.reflect.Array.getLength(gradient));
        for (int r = 0; r < g.patch(); r++) {
            Im2col.add(dcol, r * q, gradient, start(r), 1, q);
        }
        for (int c = 0; c < g.inChannels(); c++) {
            for (int h = 0; h < g.height(); h++) {
                Im2col.add(gradient, inside(c, h), dx, dxo + (c * g.height() + h) * g.width(), 1, g.width());
            }
        }
    }

    @Override
    public void fromColumns(Object grid, int channels, Object y, int yo) {
        for (int o = 0; o < channels; o++) {
            for (int h = 0; h < g.outH(); h++) {
                System.arraycopy(grid, o * q + h * wp, y, yo + (o * g.outH() + h) * g.outW(), g.outW());
            }
        }
    }

    @Override
    public void toColumns(Object y, int yo, int channels, Object grid) {
        for (int o = 0; o < channels; o++) {
            for (int h = 0; h < g.outH(); h++) {
                int to = o * q + h * wp;
                System.arraycopy(y, yo + (o * g.outH() + h) * g.outW(), grid, to, g.outW());
                Im2col.zero(grid, to + g.outW(), to + wp);
            }
        }
    }
}
