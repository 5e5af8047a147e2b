package org.jgrad.models.data;

import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * The shape {@code (channels, height, width)} of one image, for viewing rows of pixels as the
 * {@code (N, C, H, W)} batch a convolutional network takes. Rows are row-major pixels, channel by channel, as
 * Fashion-MNIST's IDX files and the digits CSV store them; viewing them does not copy.
 *
 * <pre>{@code
 * NDArray images = ImageShape.FASHION_MNIST.images(data.train().x());   // (60000, 784) -> (60000, 1, 28, 28)
 * }</pre>
 */
public record ImageShape(int channels, int height, int width) {
    /** Fashion-MNIST's 28 x 28 grey images. */
    public static final ImageShape FASHION_MNIST = new ImageShape(1, 28, 28);

    /** The bundled digits' 8 x 8 grey images. */
    public static final ImageShape DIGITS = new ImageShape(1, 8, 8);

    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape: expected sizes >= 1, got (" + channels + ", " + height
                    + ", " + width + ")");
        }
    }

    /** Pixels per image: {@code channels height width}. */
    public int features() {
        return channels * height * width;
    }

    /** {@code rows (N, C H W)} viewed as {@code (N, C, H, W)} (shares the storage). */
    public NDArray images(NDArray rows) {
        if (rows.shape().rank() != 2 || rows.shape().dim(1) != features()) {
            throw new IllegalArgumentException("images " + this + ": expected rows of " + features() + " pixels, "
                    + "shape (N, " + features() + "), got " + rows.shape());
        }
        return rows.reshape(Shape.of(rows.shape().dim(0), channels, height, width));
    }

    /**
     * The image shape of a data set given by name ({@code fashion-mnist...}: 1 x 28 x 28, {@code digits...}: 1 x 8
     * x 8), or else of rows of {@code features} pixels of a square grey image.
     *
     * @throws IllegalArgumentException when {@code features} is not a square number
     */
    public static ImageShape of(String dataset, int features) {
        if (dataset != null && dataset.startsWith("fashion-mnist")) {
            return FASHION_MNIST;
        }
        if (dataset != null && dataset.startsWith("digits")) {
            return DIGITS;
        }
        int side = (int) Math.round(Math.sqrt(features));
        if (side * side != features) {
            throw new IllegalArgumentException("a convolutional model needs square grey images: " + features
                    + " features are not side x side pixels");
        }
        return new ImageShape(1, side, side);
    }

    @Override
    public String toString() {
        return "(" + channels + ", " + height + ", " + width + ")";
    }
}
