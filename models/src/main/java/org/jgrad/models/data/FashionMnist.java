package org.jgrad.models.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;

/**
 * Fashion-MNIST (H. Xiao, K. Rasul, R. Vollgraf, Zalando Research, 2017; MIT licence): 60000 training and 10000
 * test images of 28x28 grey pixels (0..255) in 10 classes, read from its four IDX files. Rows are flattened to 784
 * features.
 *
 * <pre>{@code
 * FashionMnist data = FashionMnist.load();          // from /usr/share/datasets/fashion-mnist
 * data.train().x();                                 // float32 (60000, 784)
 * }</pre>
 */
public record FashionMnist(LabeledData train, LabeledData test) {
    /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names, by label. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Rows of 784 pixels {@code (N, 784)} viewed as images {@code (N, 1, 28, 28)} for convolutional models. */
    public static NDArray images(NDArray rows) {
        return ImageShape.FASHION_MNIST.images(rows);
    }

    /** The four IDX file names, without {@code .gz}. */
    private static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /**
     * Whether {@code directory} holds the four IDX files (each plain or with {@code .gz}), so that {@link #load(Path)}
     * can read it: what tests and examples check to skip, with a message, on a machine without the data.
     */
    public static boolean available(Path directory) {
        return FILES.stream().allMatch(name -> Files.isRegularFile(directory.resolve(name))
                || Files.isRegularFile(directory.resolve(name + ".gz")));
    }

    /** Reads the data from {@link #DEFAULT_DIRECTORY}. */
    public static FashionMnist load() throws IOException {
        return load(DEFAULT_DIRECTORY);
    }

    /**
     * Reads {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
     * {@code t10k-labels-idx1-ubyte} (each plain or with {@code .gz}) from {@code directory}.
     *
     * @throws DataException when a file is missing (saying how to install the data) or malformed
     */
    public static FashionMnist load(Path directory) throws IOException {
        return new FashionMnist(split(directory, "train"), split(directory, "t10k"));
    }

    private static LabeledData split(Path directory, String prefix) throws IOException {
        NDArray images = IdxReader.read(locate(directory, prefix + "-images-idx3-ubyte"));
        NDArray labels = IdxReader.read(locate(directory, prefix + "-labels-idx1-ubyte"));
        int m = images.shape().dim(0);
        if (images.shape().rank() != 3 || labels.shape().rank() != 1 || labels.size() != m) {
            throw new DataException(directory + ": " + prefix + " images of shape " + images.shape() + " and labels "
                    + "of shape " + labels.shape() + " do not match; expected (m, 28, 28) and (m,)");
        }
        int features = images.size() / Math.max(m, 1);
        return new LabeledData(images.reshape(Shape.of(m, features)), labels.reshape(Shape.of(m, 1)));
    }

    private static Path locate(Path directory, String name) {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path p = directory.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataException("Fashion-MNIST: " + directory.resolve(name) + "[.gz] not found. Install the data "
                + "with 'apt-get install -y dataset-fashion-mnist' (it goes to " + DEFAULT_DIRECTORY + "), or pass "
                + "the directory holding the four IDX files from https://github.com/zalandoresearch/fashion-mnist");
    }
}
