package org.jgrad.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jgrad.examples.plot.Charts;
import org.jgrad.examples.plot.CostPlot;
import org.jgrad.models.Classifier;
import org.jgrad.models.Trainer;
import org.jgrad.models.TrainingDivergedException;
import org.jgrad.models.data.ClassLabels;
import org.jgrad.models.data.CsvReader;
import org.jgrad.models.data.DataException;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.FashionMnist;
import org.jgrad.models.data.ImageShape;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.NamedDataset;
import org.jgrad.models.data.Scaler;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.data.TorchGenerator;
import org.jgrad.models.data.TrainTestSplit;
import org.jgrad.models.nn.Mlp;
import org.jgrad.models.nn.Parameter;
import org.jgrad.models.optim.Adam;
import org.jgrad.models.optim.AdamW;
import org.jgrad.models.optim.LBFGS;
import org.jgrad.models.optim.Newton;
import org.jgrad.models.optim.Optimizer;
import org.jgrad.models.optim.SGD;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jgrad train}: trains logistic regression or an MLP on a bundled data set or CSV files and prints the cost
 * and accuracies. With no options it is tutorial 002 ("Building Logistic Regression from Scratch"): the digits 0
 * and 1, pixels / 16, zeros, learning rate 0.05, 1000 full-batch iterations, and the tutorial's log.
 */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Train logistic regression or an MLP and print the cost and accuracies.",
            "Two classes use a sigmoid output and BCEWithLogits; more use softmax and cross-entropy.",
            "Without --train: the data set of --dataset, split 80/20 with --seed (Fashion-MNIST has its own test set)."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "digits01 (default), digits:A,B, digits, breast-cancer, fashion-mnist, fashion-mnist:A,B, "
                    + "moons, xor.")
    String dataset;

    @Option(names = "--fashion-dir", paramLabel = "DIR", description = "Where Fashion-MNIST's IDX files are.")
    Path fashionDir = FashionMnist.DEFAULT_DIRECTORY;

    @Option(names = "--train", paramLabel = "FILE.csv",
            description = "Training data: CSV of numbers, the class label (numbers or names: 0/1, 1/2, cat/dog) in "
                    + "the last column, optional header.")
    Path trainFile;

    @Option(names = "--test", paramLabel = "FILE.csv",
            description = "Test data, same form. Without it, --train is split 80/20 with --seed.")
    Path testFile;

    @Option(names = "--model", defaultValue = "logreg",
            description = "logreg, mlp or cnn (torch_bench.py's convolutional net, for images: fashion-mnist, "
                    + "digits, or CSV rows of side x side pixels).")
    String model;

    @Option(names = "--hidden", defaultValue = "128", split = ",", paramLabel = "N[,N...]", hideParamSyntax = true,
            description = "Hidden layer sizes of the MLP, comma-separated (128,64).")
    int[] hidden;

    @Option(names = "--activation", defaultValue = "relu", description = "MLP activation: relu, tanh or sigmoid.")
    String activation;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd, adam, adamw, lbfgs (one epoch is one "
            + "step(): up to 20 iterations, strong Wolfe line search) or newton (one epoch is one Newton step; "
            + "logistic regression or small models, full batch; --lr defaults to 1 for these two).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.05", description = "Learning rate.")
    double lr;

    @Option(names = "--momentum", defaultValue = "0", description = "SGD momentum.")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "0",
            description = "Weight decay (L2 in the gradient for sgd and adam, decoupled for adamw).")
    double weightDecay;

    @Option(names = "--damping", defaultValue = "0", description = "Newton only: solve (H + DAMPING I) d = g, for a "
            + "singular Hessian (linearly dependent features, e.g. 1e-8 for the digits).")
    double damping;

    @Option(names = "--epochs", defaultValue = "1000", description = "Passes over the training set.")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per step (default: the full batch; 64 for --model cnn, whose full-batch feature "
                    + "maps would not fit in memory).")
    Integer batchSize;

    @Option(names = "--scale", paramLabel = "KIND",
            description = "none, standardize, minmax or a DIVISOR, fitted on the training set (default: the data "
                    + "set's: 16 for digits, 255 for Fashion-MNIST, standardize for breast-cancer, none for CSV).")
    String scale;

    @Option(names = "--init", description = "Initial weights: zeros (default for logreg) or default (PyTorch's).")
    String init;

    @Option(names = "--print-every", defaultValue = "100", description = "Print the cost every N epochs.")
    int printEvery;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for the split (as NumPy's RandomState), and "
            + "for initialisation and shuffling (as torch.manual_seed: PyTorch's weights and randperm orders).")
    long seed;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also draw the cost curve into this picture: .png, .jpg, .svg or .pdf.")
    Path plotFile;

    @Option(names = "--delimiter", paramLabel = "CHAR",
            description = "The CSV files' cell separator: one character or tab (default: detected).")
    String delimiter;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Write the whole training state here every --checkpoint-every epochs, at the end and on "
                    + "Ctrl-C (for --resume).")
    Path checkpointFile;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10",
            description = "Epochs (iterations, for full batches) between checkpoints.")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Go on from a checkpoint of a run with the same options; --epochs is the total.")
    Path resumeFile;

    @Option(names = "--quiet", description = "No progress bar, only the periodic cost lines (as off a terminal).")
    boolean quiet;

    @Option(names = "--save", paramLabel = "FILE.safetensors",
            description = "Save the trained model, its scaler and class names (for 'jgrad predict').")
    Path saveFile;

    @Option(names = "--spark", arity = "0..1", fallbackValue = "local[*]", paramLabel = "MASTER",
            description = "Train on Apache Spark: local[N], local[*] (--spark alone) or spark://host:7077.")
    String spark;

    @Option(names = "--partitions", paramLabel = "N",
            description = "With --spark: partitions of the training set (default: Spark's parallelism).")
    Integer partitions;

    @Override
    public Integer call() throws IOException {
        validate();
        new OutputFiles(spec.commandLine()).input("--train", trainFile).input("--test", testFile)
                .input("--resume", resumeFile).output("--save", saveFile).output("--plot", plotFile)
                .output("--checkpoint", checkpointFile).mayReplace("--checkpoint", "--resume").check();
        PrintWriter out = spec.commandLine().getOut();
        Data data = load();
        Scaler scaler = Scaler.fit(scale != null ? scale : data.defaultScale(), data.split().train().x());
        // torch.manual_seed(seed): the layers draw their initial weights from it in order, then each epoch's order
        // is its randperm (a PyTorch loop's torch.randperm(m).split(batch))
        TorchGenerator generator = new TorchGenerator(seed);
        Classifier classifier = build(data, scaler, generator);
        LabeledData train = scaler.transform(data.split().train());
        int m = train.rows();
        int batch = batchSize == null ? (model.equals("cnn") ? Math.min(64, m) : m) : Math.min(batchSize, m);
        DataLoader loader = new DataLoader(new TensorDataset(classifier.inputs(train.x()), train.y()), batch,
                batch < m, generator, false);
        String unit = batch == m ? "iteration" : "epoch";

        Trainer trainer = new Trainer(classifier.network(), classifier.loss(),
                optimizer(classifier.network().parameters()));
        RunCheckpoints checkpoints = new RunCheckpoints(checkpointFile, checkpointEvery, options(data));
        if (resumeFile != null) {
            checkpoints.resume(resumeFile, trainer);
        }
        TrainingProgress progress = TrainingProgress.create(out, epochs, printEvery, quiet).unit(unit);
        try (StopOnInterrupt interrupt = StopOnInterrupt.install(trainer)) {
            fit(trainer, loader, classifier, train, new Trainer.Listener() {
                @Override
                public void onBatch(int epoch, int b, int batches, double loss) {
                    progress.batch(epoch, b, batches, loss);
                }

                @Override
                public void onEpoch(int epoch, double meanLoss) {
                    progress.epoch(epoch, meanLoss);
                    checkpoints.afterEpoch(trainer, epoch, epochs);
                }
            });
            if (trainer.stopped()) {
                progress.close();
                return checkpoints.interrupted(trainer, loader.batches(), unit, spec.commandLine().getErr());
            }
        } catch (TrainingDivergedException e) {
            throw new IllegalStateException("training diverged at " + unit + " " + (batch == m ? e.step() : e.epoch())
                    + ": the cost is " + e.loss() + e.reason() + "; try a smaller --lr (now " + lr + ")", e);
        } finally {
            progress.close();
        }
        checkpoints.atEnd(trainer);
        if (plotFile != null) {
            out.println("Saved " + CostPlot.write(plotFile, "Training cost, lr " + lr, trainer.position().history()));
        }
        out.println(String.format(Locale.ROOT, "Train accuracy: %.2f%%",
                100 * classifier.accuracy(data.split().train())));
        out.println(String.format(Locale.ROOT, "Test accuracy: %.2f%%", 100 * classifier.accuracy(data.split().test())));
        if (saveFile != null) {
            classifier.save(saveFile);
            out.println("Saved " + saveFile);
        }
        out.flush();
        return 0;
    }

    /**
     * Trains on this machine, or with {@code --spark} through the spark module's {@code TrainOnSpark.fit}, found
     * by name so that Spark is on the class path only when asked for (the launcher adds it for {@code --spark}).
     */
    private void fit(Trainer trainer, DataLoader loader, Classifier classifier, LabeledData train,
            Trainer.Listener listener) {
        if (spark == null) {
            trainer.fitUntil(loader, epochs, listener);
            return;
        }
        if (checkpointFile != null || resumeFile != null) {
            throw usage("--spark does not take --checkpoint or --resume");
        }
        java.lang.reflect.Method fit;
        try {
            fit = Class.forName("org.jgrad.spark.TrainOnSpark").getMethod("fit", String.class, Integer.class,
                    org.jgrad.models.nn.Module.class, org.jgrad.models.nn.Loss.class, Optimizer.class,
                    LabeledData.class, Integer.class, long.class, int.class, Trainer.Listener.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("--spark needs the spark module on the class path (./jgrad adds it "
                    + "when --spark is given): " + e);
        }
        try {
            List<?> history = (List<?>) fit.invoke(null, spark, partitions, classifier.network(), classifier.loss(),
                    optimizer(classifier.network().parameters()), train, batchSize, seed, epochs, listener);
            // where --plot reads the epochs' mean losses
            double[] means = history.stream().mapToDouble(v -> (Double) v).toArray();
            trainer.restore(new Trainer.Position(means.length, 0, 0, 0, 0, Double.NaN, -1, means));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The options a resumed run must share with the run that wrote its checkpoint (as checkpoint metadata). */
    private Map<String, String> options(Data data) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("run.--dataset", dataset == null ? (trainFile == null ? "digits01" : "none") : dataset);
        o.put("run.--train", String.valueOf(trainFile));
        o.put("run.--test", String.valueOf(testFile));
        o.put("run.classes", data.classNames().toString());
        o.put("run.--model", model);
        o.put("run.--hidden", model.equals("mlp") ? Arrays.toString(hidden) : "none");
        o.put("run.--activation", model.equals("mlp") ? activation : "none");
        o.put("run.--optimizer", optimizer);
        o.put("run.--lr", Double.toString(lr));
        o.put("run.--momentum", Double.toString(momentum));
        o.put("run.--weight-decay", Double.toString(weightDecay));
        o.put("run.--batch-size", String.valueOf(batchSize));
        o.put("run.--scale", String.valueOf(scale));
        o.put("run.--init", String.valueOf(init));
        o.put("run.--seed", Long.toString(seed));
        return o;
    }

    /** A split with its class names and the data set's default scaling. */
    private record Data(TrainTestSplit split, List<String> classNames, String defaultScale) {
    }

    private Classifier build(Data data, Scaler scaler, TorchGenerator random) {
        int features = data.split().train().features();
        if (model.equals("mlp")) {
            return Classifier.mlp(features, hidden, activation, data.classNames(), scaler, random);
        }
        if (model.equals("cnn")) {
            return Classifier.cnn(ImageShape.of(trainFile == null ? dataset : null, features), data.classNames(),
                    scaler, random);
        }
        boolean zeros = init == null || init.equals("zeros");
        return Classifier.logisticRegression(features, data.classNames(), scaler, zeros, random);
    }

    private Optimizer optimizer(List<Parameter> params) {
        boolean lrGiven = spec != null && spec.commandLine().getParseResult().hasMatchedOption("--lr");
        double secondOrderLr = lrGiven ? lr : 1.0;
        return switch (optimizer) {
            case "lbfgs" -> new LBFGS(params, LBFGS.Options.defaults().lr(secondOrderLr)
                    .lineSearch(LBFGS.LineSearch.STRONG_WOLFE));
            case "newton" -> new Newton(params, secondOrderLr, damping);
            case "adam" -> new Adam(params, lr, 0.9, 0.999, 1e-8, weightDecay);
            case "adamw" -> new AdamW(params, lr, 0.9, 0.999, 1e-8, weightDecay);
            default -> new SGD(params, lr, momentum, 0, weightDecay, false);
        };
    }

    private Data load() throws IOException {
        if (trainFile == null) {
            if (testFile != null) {
                throw usage("--test needs --train");
            }
            NamedDataset named;
            try {
                named = NamedDataset.load(dataset == null ? "digits01" : dataset, fashionDir);
            } catch (DataException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                // an unknown or malformed --dataset name is a usage error, not a data error
                throw usage("--dataset: " + e.getMessage());
            }
            TrainTestSplit split = named.test() != null ? new TrainTestSplit(named.data(), named.test())
                    : TrainTestSplit.split(named.data(), 0.2, seed);
            return new Data(split, named.classNames(), named.defaultScale());
        }
        if (dataset != null) {
            throw usage("give either --dataset or --train, not both");
        }
        CsvReader.Table trainTable = readLabelled(trainFile);
        ClassLabels classes = ClassLabels.fit(trainFile.toString(), trainTable.labels());
        LabeledData train = labelled(trainFile, trainTable, classes);
        TrainTestSplit split;
        if (testFile == null) {
            split = TrainTestSplit.split(train, 0.2, seed);
        } else {
            LabeledData test = labelled(testFile, readLabelled(testFile), classes);
            if (test.features() != train.features()) {
                throw new IllegalArgumentException(testFile + ": " + test.features() + " features, but " + trainFile
                        + " has " + train.features());
            }
            split = new TrainTestSplit(train, test);
        }
        return new Data(split, classes.names(), "none");
    }

    /** A CSV's feature rows and its last column as text labels, with at least one row and one feature. */
    private CsvReader.Table readLabelled(Path file) throws IOException {
        CsvReader.Table table = CsvReader.readTable(file, Delimiters.parse(spec.commandLine(), delimiter), "-1");
        if (table.rows().isEmpty()) {
            throw new DataException(file + ": no data rows (expected numeric rows and a label column)");
        }
        if (table.rows().get(0).length == 0) {
            throw new DataException(file + ": rows have 1 column; expected at least one feature and a label");
        }
        return table;
    }

    /** A CSV's features and its labels as class indices of the training classes. */
    private static LabeledData labelled(Path file, CsvReader.Table table, ClassLabels classes) {
        return LabeledData.of(table.rows().toArray(new float[0][]), classes.encode(file.toString(), table.labels()));
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
        if (scale != null && !List.of("none", "standardize", "minmax").contains(scale)) {
            double divisor;
            try {
                divisor = Double.parseDouble(scale);
            } catch (NumberFormatException e) {
                throw usage("--scale must be none, standardize, minmax or a divisor, got '" + scale + "'");
            }
            if (divisor == 0 || !Double.isFinite(divisor)) {
                throw usage("--scale divisor must be a finite number other than 0, got " + scale);
            }
        }
        if (seed < 0 || seed > 0xffffffffL) {
            throw usage("--seed must be between 0 and 4294967295 (2^32 - 1, NumPy's seeds), got " + seed);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw usage("--momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw usage("--weight-decay must be a finite number >= 0, got " + weightDecay);
        }
        if ((checkpointFile != null || resumeFile != null) && List.of("lbfgs", "newton").contains(optimizer)) {
            throw usage("--checkpoint and --resume need an optimizer that saves its state (sgd, adam or adamw), got "
                    + "--optimizer " + optimizer);
        }
        if (checkpointEvery < 1) {
            throw usage("--checkpoint-every must be >= 1, got " + checkpointEvery);
        }
        if (plotFile != null) {
            try {
                Charts.format(plotFile);
            } catch (IllegalArgumentException e) {
                throw usage("--plot " + e.getMessage());
            }
        }
        Delimiters.parse(spec.commandLine(), delimiter);
        if (batchSize != null && batchSize < 1) {
            throw usage("--batch-size must be >= 1, got " + batchSize);
        }
        if (!List.of("logreg", "mlp", "cnn").contains(model)) {
            throw usage("--model must be logreg, mlp or cnn, got '" + model + "'");
        }
        if (!List.of("sgd", "adam", "adamw", "lbfgs", "newton").contains(optimizer)) {
            throw usage("--optimizer must be sgd, adam, adamw, lbfgs or newton, got '" + optimizer + "'");
        }
        if (damping != 0 && !optimizer.equals("newton")) {
            throw usage("--damping applies to --optimizer newton only, got --optimizer " + optimizer);
        }
        if (!(damping >= 0) || Double.isInfinite(damping)) {
            throw usage("--damping must be a finite number >= 0, got " + damping);
        }
        if (weightDecay != 0 && List.of("lbfgs", "newton").contains(optimizer)) {
            throw usage("--weight-decay applies to sgd, adam and adamw, got --optimizer " + optimizer);
        }
        if (batchSize != null && List.of("lbfgs", "newton").contains(optimizer)) {
            throw usage("--optimizer " + optimizer + " takes full-batch steps; leave out --batch-size");
        }
        if (momentum != 0 && !optimizer.equals("sgd")) {
            throw usage("--momentum applies to --optimizer sgd only, got --optimizer " + optimizer);
        }
        if (init != null && !init.equals("zeros") && !init.equals("default")) {
            throw usage("--init must be zeros or default, got '" + init + "'");
        }
        if (model.equals("cnn") && "zeros".equals(init)) {
            throw usage("--init zeros would make every filter of the CNN the same; use --init default");
        }
        if (model.equals("mlp")) {
            if ("zeros".equals(init)) {
                throw usage("--init zeros would make every hidden unit of the MLP the same; use --init default");
            }
            if (!Mlp.ACTIVATIONS.contains(activation)) {
                throw usage("--activation must be one of " + Mlp.ACTIVATIONS + ", got '" + activation + "'");
            }
            if (Arrays.stream(hidden).anyMatch(h -> h < 1)) {
                throw usage("--hidden sizes must be >= 1, got " + Arrays.toString(hidden));
            }
        }
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }
}
