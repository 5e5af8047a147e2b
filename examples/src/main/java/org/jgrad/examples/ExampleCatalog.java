package org.jgrad.examples;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Every example, in the order of the README's tour. */
public final class ExampleCatalog {
    private ExampleCatalog() {
    }

    /** All examples, in tour order. */
    public static List<Example> all() {
        return List.of(new ComputationGraph(), new SingleExample(), new DigitsLogisticRegression(),
                new SeparableTwoD(), new GradientDescentVariants(), new LearningRates(), new Vectorization(),
                new SigmoidAndLoss(), new MultilayerNet(), new NewtonsMethod(), new ConvolutionalNet());
    }

    /** The example called {@code name}, ignoring case. */
    public static Optional<Example> find(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return all().stream().filter(e -> e.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    /** The names, comma-separated, for error messages. */
    public static String names() {
        return String.join(", ", all().stream().map(Example::name).toList());
    }
}
