package org.jgrad.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.examples.plot.CostPlot;
import org.jgrad.models.data.CsvReader;
import org.jgrad.models.data.Digits;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.TrainTestSplit;
import org.jgrad.models.metrics.Metrics;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.optim.SGD;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jgrad train}: logistic regression by full-batch gradient descent, printing the tutorial's log
 * (tutorial 002, "Building Logistic Regression from Scratch").
 */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Train logistic regression by full-batch gradient descent and print the cost and accuracies.",
            "Without --train: the digits 0 and 1 bundled with jgrad, pixels / 16, an 80/20 split with the seed."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--train", paramLabel = "FILE.csv",
            description = "Training data: numeric CSV, label 0 or 1 in the last column, optional header line.")
    Path trainFile;

    @Option(names = "--test", paramLabel = "FILE.csv",
            description = "Test data, same form. Without it, --train is split 80/20 with --seed.")
    Path testFile;

    @Option(names = "--lr", defaultValue = "0.05", description = "Learning rate.")
    double lr;

    @Option(names = "--epochs", defaultValue = "1000", description = "Iterations over the whole training set.")
    int epochs;

    @Option(names = "--init", defaultValue = "zeros", description = "Initial weights: zeros or default (PyTorch's).")
    String init;

    @Option(names = "--print-every", defaultValue = "100", description = "Print the cost every N iterations.")
    int printEvery;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for the split and the initialisation.")
    long seed;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw the cost curve into this PNG.")
    Path plotFile;

    @Option(names = "--quiet", description = "No progress bar, only the periodic cost lines (as off a terminal).")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        validate();
        PrintWriter out = spec == null ? new PrintWriter(System.out, true) : spec.commandLine().getOut();
        TrainTestSplit data = load();

        // the model, the loss and the optimizer, as in the tutorial's PyTorch code
        Linear model = init.equals("zeros") ? Linear.zeros(data.train().features(), 1)
                : new Linear(data.train().features(), 1, new Random(seed));
        BCEWithLogitsLoss criterion = new BCEWithLogitsLoss();
        SGD optimizer = new SGD(model.parameters(), lr);
        Tensor x = Tensor.of(data.train().x());
        Tensor y = Tensor.of(data.train().y());

        TrainingProgress progress = TrainingProgress.create(out, epochs, printEvery, quiet);
        for (int i = 0; i < epochs; i++) {
            Tensor logits = model.forward(x);
            Tensor loss = criterion.forward(logits, y);
            double cost = loss.item();
            if (!Double.isFinite(cost)) {
                throw new IllegalStateException("training diverged at iteration " + i + ": the cost is " + cost
                        + "; try a smaller --lr (now " + lr + ")");
            }
            progress.epoch(i, cost);
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
        }
        progress.close();
        if (plotFile != null) {
            CostPlot.write(plotFile, "Training cost, lr " + lr, progress.costs());
        }
        out.println(String.format(Locale.ROOT, "Train accuracy: %.2f%%", 100 * accuracy(model, data.train())));
        out.println(String.format(Locale.ROOT, "Test accuracy: %.2f%%", 100 * accuracy(model, data.test())));
        out.flush();
        return 0;
    }

    private static double accuracy(Linear model, LabeledData d) {
        try (var noGrad = GradMode.noGrad()) {
            Tensor probabilities = model.forward(Tensor.of(d.x())).sigmoid();
            return Metrics.accuracy(probabilities.data(), d.y(), 0.5);
        }
    }

    private TrainTestSplit load() throws IOException {
        if (trainFile == null) {
            if (testFile != null) {
                throw usage("--test needs --train");
            }
            return TrainTestSplit.split(Digits.pair(0, 1).scaled(1.0 / 16), 0.2, seed);
        }
        LabeledData train = CsvReader.read(trainFile);
        if (testFile == null) {
            return TrainTestSplit.split(train, 0.2, seed);
        }
        LabeledData test = CsvReader.read(testFile);
        if (test.features() != train.features()) {
            throw new IllegalArgumentException(testFile + ": " + test.features() + " features, but " + trainFile
                    + " has " + train.features());
        }
        return new TrainTestSplit(train, test);
    }

    private void validate() {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw usage("--lr must be a finite number > 0, got " + lr);
        }
        if (epochs < 0) {
            throw usage("--epochs must be >= 0, got " + epochs);
        }
        if (printEvery <= 0) {
            throw usage("--print-every must be >= 1, got " + printEvery);
        }
        if (!init.equals("zeros") && !init.equals("default")) {
            throw usage("--init must be zeros or default, got '" + init + "'");
        }
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }
}
