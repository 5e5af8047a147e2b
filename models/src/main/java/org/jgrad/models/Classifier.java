package org.jgrad.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.data.ImageShape;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.Scaler;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.io.ModelFileException;
import org.jgrad.models.io.ModelMetadata;
import org.jgrad.models.io.Safetensors;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Cnn;
import org.jgrad.models.nn.CrossEntropyLoss;
import org.jgrad.models.nn.Init;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Loss;
import org.jgrad.models.nn.Mlp;
import org.jgrad.models.nn.Module;
import org.jgrad.models.nn.Parameter;

/**
 * A classifier that predicts from raw features: a network (logistic regression or an MLP), the feature
 * {@link Scaler} fitted on its training set, and the class names. Two classes use one output unit (a logit, trained
 * with {@link BCEWithLogitsLoss}); more use one output per class (softmax and {@link CrossEntropyLoss}).
 *
 * <p>{@link #save} writes a safetensors file whose {@code __metadata__} carries everything besides the weights
 * (architecture, scaler, class names), so {@link #load} rebuilds the same classifier from the file alone.
 *
 * <pre>{@code
 * Classifier c = Classifier.mlp(784, new int[] {128}, "relu", FashionMnist.CLASSES, scaler, new Random(42));
 * ... train c.network() with c.loss() ...
 * c.save(Path.of("fashion.safetensors"));
 * int[] labels = Classifier.load(Path.of("fashion.safetensors")).predict(rawFeatures);
 * }</pre>
 */
public final class Classifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORMAT = "jgrad-classifier-1";

    private final String kind;
    private final int[] sizes;
    private final String activation;
    private final List<String> classNames;
    private final Scaler scaler;
    private final Module network;
    /** For a convolutional network: the shape rows of features are viewed as; null otherwise. */
    private ImageShape image;

    private Classifier(String kind, int[] sizes, String activation, List<String> classNames, Scaler scaler,
            Module network) {
        this.kind = kind;
        this.sizes = sizes;
        this.activation = activation;
        this.classNames = List.copyOf(classNames);
        this.scaler = scaler;
        this.network = network;
    }

    /** Logistic (or, for more than two classes, softmax) regression; {@code zeros} for the tutorials' start. */
    public static Classifier logisticRegression(int features, List<String> classNames, Scaler scaler, boolean zeros,
            Random random) {
        int[] sizes = {features, outputs(classNames)};
        Linear linear = new Linear(features, sizes[1], random);
        if (zeros) {
            Init.zeros(linear.weight());
            Init.zeros(linear.bias());
        }
        return new Classifier("logreg", sizes, "none", classNames, scaler, linear);
    }

    /** An MLP with the given hidden layer sizes and activation. */
    public static Classifier mlp(int features, int[] hidden, String activation, List<String> classNames,
            Scaler scaler, Random random) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = features;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = outputs(classNames);
        return new Classifier("mlp", sizes, activation, classNames, scaler, Mlp.of(sizes, activation, random));
    }

    /** The convolutional network of {@link Cnn} for images of {@code image}'s shape (rows of its pixels). */
    public static Classifier cnn(ImageShape image, List<String> classNames, Scaler scaler, Random random) {
        int[] sizes = {image.features(), outputs(classNames)};
        Classifier c = new Classifier("cnn", sizes, "relu", classNames, scaler,
                Cnn.of(image.channels(), image.height(), image.width(), sizes[1], random));
        c.image = image;
        return c;
    }

    /** What the network takes for scaled rows of features: the rows, or for a CNN the images (N, C, H, W). */
    public NDArray inputs(NDArray scaledRows) {
        return image == null ? scaledRows : image.images(scaledRows);
    }

    /** Rows a CNN's forward pass takes at once: 1000 28 x 28 images need 50 MB per 16-channel layer output. */
    private static final int CNN_CHUNK = 1000;

    /** The network's outputs for scaled rows; a CNN's in chunks of rows, so its feature maps stay small. */
    private NDArray logits(NDArray scaledRows) {
        int m = scaledRows.shape().dim(0);
        if (image == null || m <= CNN_CHUNK) {
            return network.forward(Tensor.of(inputs(scaledRows))).data();
        }
        NDArray out = null;
        for (int start = 0; start < m; start += CNN_CHUNK) {
            int rows = Math.min(CNN_CHUNK, m - start);
            int[] index = java.util.stream.IntStream.range(start, start + rows).toArray();
            NDArray part = network.forward(Tensor.of(inputs(TensorDataset.gatherRows(scaledRows, index)))).data();
            if (out == null) {
                out = NDArray.zeros(part.dtype(), Shape.of(m, part.shape().dim(1)));
            }
            out.copyRange(start * part.shape().dim(1), part, 0, part.size());
        }
        return out;
    }

    private static int outputs(List<String> classNames) {
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("classifier: expected at least 2 classes, got " + classNames);
        }
        return classNames.size() == 2 ? 1 : classNames.size();
    }

    public Module network() {
        return network;
    }

    public Scaler scaler() {
        return scaler;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** Number of classes. */
    public int classes() {
        return classNames.size();
    }

    /** Number of input features. */
    public int features() {
        return sizes[0];
    }

    /** The loss to train the network with: BCE on the logit for two classes, cross-entropy otherwise. */
    public Loss loss() {
        return classes() == 2 ? new BCEWithLogitsLoss() : new CrossEntropyLoss();
    }

    /**
     * Class probabilities of raw (unscaled) features {@code x} (m, n): shape {@code (m, 1)} holding
     * {@code P(class 1)} for two classes, {@code (m, C)} (each row a softmax) otherwise.
     */
    public NDArray predictProba(NDArray x) {
        if (x.shape().rank() != 2 || x.shape().dim(1) != features()) {
            throw new IllegalArgumentException("classifier: expected features of shape (m, " + features() + "), got "
                    + x.shape());
        }
        network.eval();
        try (var noGrad = GradMode.noGrad()) {
            NDArray logits = logits(scaler.transform(x));
            return classes() == 2 ? Tensor.of(logits).sigmoid().data() : softmaxRows(logits);
        }
    }

    /** The predicted class of each row of raw features: probability > 0.5 for two classes, the argmax otherwise. */
    public int[] predict(NDArray x) {
        NDArray p = predictProba(x);
        int m = x.shape().dim(0);
        int[] out = new int[m];
        int width = p.shape().dim(1);
        for (int i = 0; i < m; i++) {
            if (width == 1) {
                out[i] = p.get(i) > 0.5 ? 1 : 0;
            } else {
                for (int j = 1; j < width; j++) {
                    if (p.get(i * width + j) > p.get(i * width + out[i])) {
                        out[i] = j;
                    }
                }
            }
        }
        return out;
    }

    /** The predicted label of each row of raw features, as the training data wrote it ({@link #classNames()}). */
    public List<String> predictLabels(NDArray x) {
        return Arrays.stream(predict(x)).mapToObj(classNames::get).toList();
    }

    /** Fraction of {@code data}'s rows (raw features) predicted correctly. */
    public double accuracy(LabeledData data) {
        int[] predicted = predict(data.x());
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == data.y().get(i) ? 1 : 0;
        }
        return (double) correct / predicted.length;
    }

    private static NDArray softmaxRows(NDArray logits) {
        int m = logits.shape().dim(0);
        int c = logits.shape().dim(1);
        NDArray out = NDArray.zeros(logits.dtype(), Shape.of(m, c));
        for (int i = 0; i < m; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, logits.get(i * c + j));
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(logits.get(i * c + j) - max);
            }
            for (int j = 0; j < c; j++) {
                out.set(i * c + j, Math.exp(logits.get(i * c + j) - max) / sum);
            }
        }
        return out;
    }

    /** Writes the weights and, in {@code __metadata__}, the architecture, scaler and class names (atomically). */
    public void save(Path file) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("model", kind);
        meta.put("layers", json(sizes));
        meta.put("activation", activation);
        meta.put("classes", json(classNames));
        meta.put("scaler", scaler.kind());
        meta.put("scaler.shift", json(scaler.shift()));
        meta.put("scaler.scale", json(scaler.scale()));
        if (image != null) {
            meta.put("image", json(new int[] {image.channels(), image.height(), image.width()}));
        }
        Safetensors.write(file, network.stateDict(), meta);
    }

    /**
     * Rebuilds a classifier saved by {@link #save}.
     *
     * @throws ModelFileException when the file is corrupt, was not written by {@link #save}, or its tensors do not
     *     fit the architecture its metadata describes
     */
    public static Classifier load(Path file) throws IOException {
        Safetensors.Contents contents = Safetensors.read(file);
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new ModelFileException(file + ": no jgrad classifier metadata (expected __metadata__ format="
                    + FORMAT + ", found " + meta.get("format") + "); it holds tensors " + contents.tensors().keySet());
        }
        Classifier c = fromMetadata(file, meta);
        try {
            c.network.loadStateDict(contents.tensors());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file + ": the tensors do not fit the model its metadata describes: "
                    + e.getMessage());
        }
        return c;
    }

    private static Classifier fromMetadata(Path file, Map<String, String> meta) {
        try {
            int[] sizes = ModelMetadata.json(file, meta, "layers", int[].class);
            List<String> names = ModelMetadata.json(file, meta, "classes", new TypeReference<List<String>>() {
            });
            Scaler scaler = new Scaler(require(file, meta, "scaler"),
                    ModelMetadata.json(file, meta, "scaler.shift", float[].class),
                    ModelMetadata.json(file, meta, "scaler.scale", float[].class));
            String model = require(file, meta, "model");
            Classifier c = switch (model) {
                case "logreg" -> logisticRegression(sizes[0], names, scaler, true, new Random(0));
                case "mlp" -> mlp(sizes[0], Arrays.copyOfRange(sizes, 1, sizes.length - 1),
                        require(file, meta, "activation"), names, scaler, new Random(0));
                case "cnn" -> cnn(imageOf(file, meta), names, scaler, new Random(0));
                default -> throw new ModelFileException(file + ": unknown model '" + model + "'");
            };
            int features = c.features();
            for (String key : new String[] {"scaler.shift", "scaler.scale"}) {
                float[] v = ModelMetadata.json(file, meta, key, float[].class);
                if (v.length > 1 && v.length != features) {
                    throw new ModelFileException(file + ": __metadata__ '" + key + "' has " + v.length
                            + " values, but the model takes " + features + " features; the scaler does not fit it");
                }
            }
            if (!Arrays.equals(c.sizes, sizes)) {
                throw new ModelFileException(file + ": layers " + Arrays.toString(sizes) + " do not fit "
                        + names.size() + " classes");
            }
            return c;
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFileException(file + ": __metadata__ does not describe a model: " + e.getMessage());
        }
    }

    private static ImageShape imageOf(Path file, Map<String, String> meta) {
        int[] chw = ModelMetadata.json(file, meta, "image", int[].class);
        if (chw.length != 3) {
            throw new ModelFileException(file + ": image " + Arrays.toString(chw) + " is not (channels, height, "
                    + "width)");
        }
        return new ImageShape(chw[0], chw[1], chw[2]);
    }

    private static String require(Path file, Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) {
            throw new ModelFileException(file + ": __metadata__ lacks '" + key + "'");
        }
        return v;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The weight of each parameter, by dotted name. */
    public Map<String, Parameter> parameters() {
        return network.namedParameters();
    }

    @Override
    public String toString() {
        return "Classifier(" + kind + " " + Arrays.toString(sizes) + ", classes=" + classNames + ", scaler="
                + scaler.kind() + ")\n" + network;
    }
}
