package org.jgrad.models.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A data set chosen by name, as the command line's {@code --dataset} names it:
 *
 * <ul>
 *   <li>{@code digits01}: the bundled digits 0 and 1 (the tutorials' 360 images); {@code digits:A,B}: any pair;
 *       {@code digits}: all ten classes. Default scaling: pixels / 16.
 *   <li>{@code breast-cancer}: the bundled breast cancer data. Default scaling: standardise.
 *   <li>{@code fashion-mnist}: Fashion-MNIST's ten classes, with its own test set; {@code fashion-mnist:A,B}: a
 *       pair. Default scaling: pixels / 255.
 *   <li>{@code moons}: 400 points of {@link TwoMoons} (noise 0.1, seed 7); {@code xor}: the four XOR points,
 *       which are also its test set. No scaling.
 * </ul>
 *
 * @param data all rows, or the training rows when the data set comes with a test set
 * @param test the data set's own test set, or null (then split {@code data})
 * @param classNames the class names by label
 * @param defaultScale the scaling the command line applies unless told otherwise (see {@link Scaler#fit})
 */
public record NamedDataset(LabeledData data, LabeledData test, List<String> classNames, String defaultScale) {
    /** The names {@link #load} accepts. */
    public static final String NAMES =
            "digits01|digits:A,B|digits|breast-cancer|fashion-mnist|fashion-mnist:A,B|moons|xor";
    /** The moons data set: {@code TwoMoons.generate(400, 0.1, 7)}. */
    public static final int MOONS_ROWS = 400;
    public static final double MOONS_NOISE = 0.1;
    public static final long MOONS_SEED = 7;

    /** Loads the data set {@code spec}; Fashion-MNIST comes from {@code fashionDirectory}. */
    public static NamedDataset load(String spec, Path fashionDirectory) throws IOException {
        String[] parts = spec.split(":", 2);
        String name = parts[0];
        int[] pair = parts.length == 2 ? parsePair(spec, parts[1]) : null;
        return switch (name) {
            case "digits01" -> pair == null ? digitsPair(0, 1) : fail(spec);
            case "digits" -> pair == null ? new NamedDataset(Digits.all(), null, numbered(10), "16")
                    : digitsPair(pair[0], pair[1]);
            case "breast-cancer" -> pair == null ? new NamedDataset(BreastCancer.load(), null, BreastCancer.CLASSES,
                    "standardize") : fail(spec);
            case "fashion-mnist" -> fashion(FashionMnist.load(fashionDirectory), pair);
            case "moons" -> pair == null ? new NamedDataset(TwoMoons.generate(MOONS_ROWS, MOONS_NOISE, MOONS_SEED),
                    null, numbered(2), "none") : fail(spec);
            case "xor" -> pair == null ? new NamedDataset(Synthetic.xor(), Synthetic.xor(), numbered(2), "none")
                    : fail(spec);
            default -> fail(spec);
        };
    }

    private static NamedDataset digitsPair(int a, int b) {
        return new NamedDataset(Digits.pair(a, b), null, List.of(Integer.toString(a), Integer.toString(b)), "16");
    }

    private static NamedDataset fashion(FashionMnist f, int[] pair) {
        if (pair == null) {
            return new NamedDataset(f.train(), f.test(), FashionMnist.CLASSES, "255");
        }
        for (int c : pair) {
            if (c < 0 || c > 9) {
                throw new IllegalArgumentException("fashion-mnist pair: expected classes 0..9, got " + c);
            }
        }
        return new NamedDataset(f.train().pair(pair[0], pair[1]), f.test().pair(pair[0], pair[1]),
                List.of(FashionMnist.CLASSES.get(pair[0]), FashionMnist.CLASSES.get(pair[1])), "255");
    }

    /** Class names "0", "1", ... for {@code n} classes. */
    public static List<String> numbered(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    private static int[] parsePair(String spec, String pair) {
        String[] ab = pair.split(",");
        try {
            if (ab.length == 2) {
                int a = Integer.parseInt(ab[0].trim());
                int b = Integer.parseInt(ab[1].trim());
                if (a != b) {
                    return new int[] {a, b};
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("dataset '" + spec + "': expected two different class numbers after the "
                + "colon, like digits:3,8");
    }

    private static NamedDataset fail(String spec) {
        throw new IllegalArgumentException("unknown dataset '" + spec + "'; expected " + NAMES);
    }
}
