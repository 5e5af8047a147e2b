package org.jgrad.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jgrad.autograd.Autograd;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.examples.cli.Main;
import org.jgrad.models.data.CsvReader;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.io.Safetensors;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.CrossEntropyLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.Sequential;
import org.jgrad.models.nn.Sigmoid;
import org.jgrad.models.optim.SGD;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The catalogue of bad inputs behind README's "What happens when..." table. Each case runs the bad input for real
 * and checks the exact message (library) or exit code and the single stderr line (command line); the README table
 * must equal the table rendered from this catalogue, so the two cannot drift apart.
 */
class BadInputCatalogTest {
    private static Path dir;

    /** A library call that must throw, or a command line that must fail. */
    record Case(String area, String what, Action action, String message, int exitCode) {
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    @BeforeAll
    static void files() throws IOException {
        dir = Files.createTempDirectory("jgrad-bad-input");
        Files.writeString(dir.resolve("ragged.csv"), "1,2,0\n3,1\n");
        Files.writeString(dir.resolve("text.csv"), "1,2,0\n3,abc,1\n");
        Files.writeString(dir.resolve("empty.csv"), "");
        Files.writeString(dir.resolve("header-only.csv"), "x1,x2,y\n");
        Files.writeString(dir.resolve("nan.csv"), "1,2,0\n3,NaN,1\n");
        Files.writeString(dir.resolve("inf.csv"), "1,2,0\n3,Infinity,1\n");
        Files.writeString(dir.resolve("labels.csv"), "1,2,0\n3,4,0.5\n5,6,1\n");
        Files.writeString(dir.resolve("ok.csv"), "1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,10,0\n");
        Files.writeString(dir.resolve("wide.csv"), "1,2,3,0\n3,4,5,1\n");
        Files.writeString(dir.resolve("named.csv"), "a,b,label\n1,2,0\n3,4,1\n");
        Files.write(dir.resolve("junk.safetensors"), new byte[] {1, 2, 3});
        // header length 16, but only 7 bytes follow: a truncated file
        Files.write(dir.resolve("short.safetensors"), new byte[] {16, 0, 0, 0, 0, 0, 0, 0, '{', '"', 'a', '"', ':', '1', '}'});
        byte[] header = "{\"w\":{\"dtype\":\"Q9\",\"shape\":[1],\"data_offsets\":[0,4]}}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + header.length + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).putInt(0);
        Files.write(dir.resolve("dtype.safetensors"), b.array());
        readerFiles();
    }

    private static Case lib(String area, String what, String message, Action action) {
        return new Case(area, what, action, message, -1);
    }

    private static Case cli(String area, String what, int exitCode, String message, String... args) {
        return new Case(area, what, () -> runCli(args), message, exitCode);
    }

    private static Path file(String name) {
        return dir.resolve(name);
    }

    static List<Case> catalogue() {
        List<Case> c = new ArrayList<>();
        // shapes
        c.add(lib("shapes", "matmul with inner dimensions that differ",
                "matmul: (3x4) @ (5x2): inner dimensions 4 and 5 differ",
                () -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5, 2))));
        c.add(lib("shapes", "adding shapes that do not broadcast",
                "add: cannot broadcast shapes (3, 4) and (5,): sizes 4 and 5 differ at dimension 1 (counted after "
                        + "aligning from the right), and neither is 1",
                () -> Tensor.zeros(3, 4).add(Tensor.zeros(5))));
        c.add(lib("shapes", "reshape to a different number of elements",
                "reshape: cannot view shape (2, 3) (6 elements) as (4,) (4 elements)",
                () -> Tensor.zeros(2, 3).reshape(4)));
        c.add(lib("shapes", "an index out of range",
                "index 5 is out of range for dimension 0 of size 2 (shape (2, 3))",
                () -> Tensor.zeros(2, 3).data().get(5, 0)));
        c.add(lib("shapes", "mixing float32 and float64 in one op",
                "mul: dtypes float32 and float64 differ; convert one with to(DType) first",
                () -> Tensor.zeros(2).mul(Tensor.of(NDArray.zeros(DType.FLOAT64, Shape.of(2))))));
        // labels
        c.add(lib("labels", "a label outside {0, 1} for a binary loss",
                "BCEWithLogitsLoss: labels must be 0 or 1, but row 2 holds 2.0",
                () -> new BCEWithLogitsLoss().forward(Tensor.zeros(3, 1),
                        Tensor.of(NDArray.of(new float[] {0, 1, 2}, Shape.of(3, 1))))));
        c.add(lib("labels", "fewer labels than rows",
                "BCEWithLogitsLoss: logits of shape (3, 1) and labels of shape (2, 1) differ; expected the same shape",
                () -> new BCEWithLogitsLoss().forward(Tensor.zeros(3, 1), Tensor.zeros(2, 1))));
        // data files (library)
        c.add(lib("data", "a CSV with a ragged row", "FILE, line 2: 2 columns, expected 3 like the first data row",
                () -> CsvReader.read(file("ragged.csv"))));
        c.add(lib("data", "a CSV with a non-numeric cell", "FILE, line 2, column 2: expected a number, found 'abc'",
                () -> CsvReader.read(file("text.csv"))));
        c.add(lib("data", "a CSV with a NaN feature", "FILE, line 2, column 2: expected a finite number, found 'NaN'",
                () -> CsvReader.read(file("nan.csv"))));
        c.add(lib("data", "a CSV with an infinite feature",
                "FILE, line 2, column 2: expected a finite number, found 'Infinity'",
                () -> CsvReader.read(file("inf.csv"))));
        c.add(lib("data", "an empty CSV file", "FILE: no data rows (expected numeric rows and a label column)",
                () -> CsvReader.read(file("empty.csv"))));
        c.add(lib("data", "a CSV with a header and no rows (an empty data set)",
                "FILE: no data rows (expected numeric rows and a label column)",
                () -> CsvReader.read(file("header-only.csv"))));
        c.add(lib("data", "a missing CSV file", "FILE: no such file", () -> CsvReader.read(file("missing.csv"))));
        c.add(lib("labels", "a class index out of range for cross-entropy", "cross-entropy: target 1 is 3.0, expected a class index 0..2",
                () -> new CrossEntropyLoss().forward(Tensor.zeros(2, 3),
                        Tensor.of(NDArray.of(new float[] {0, 3}, Shape.of(2))))));
        c.add(lib("data", "a label column name the header does not have", "FILE: no column named 'target'; the header has [a, b, label]",
                () -> CsvReader.read(file("named.csv"), "target")));
        // model files
        c.add(lib("model files", "a file too short to hold a header", "FILE: not a safetensors file: 3 bytes, expected at least 8 (the header length)",
                () -> Safetensors.read(file("junk.safetensors"))));
        c.add(lib("model files", "a truncated file", "FILE: corrupt or truncated: the header length field says 16 bytes, but the file has 7 bytes after it", () -> Safetensors.read(file("short.safetensors"))));
        c.add(lib("model files", "an unknown dtype", "FILE: tensor 'w' has dtype Q9; jgrad reads F32 and F64", () -> Safetensors.read(file("dtype.safetensors"))));
        c.add(lib("model files", "tensors that do not fit the model", "loadStateDict: parameter 'weight' has float32 (1, 4) in the state, expected float32 (1, 3)",
                () -> Linear.zeros(3, 1).loadStateDict(java.util.Map.of("weight", NDArray.zeros(DType.FLOAT32,
                        Shape.of(1, 4)), "bias", NDArray.zeros(DType.FLOAT32, Shape.of(1))))));
        c.add(lib("data", "a NaN feature in data built in code", "features: row 1, column 0 is NaN (expected finite numbers)",
                () -> LabeledData.of(new float[][] {{1, 2}, {Float.NaN, 3}}, new float[] {0, 1})));
        c.add(lib("data", "an empty data set given to a DataLoader",
                "DataLoader: the data set is empty (expected at least one example)",
                () -> new DataLoader(new TensorDataset(NDArray.zeros(DType.FLOAT32, Shape.of(0, 2)),
                        NDArray.zeros(DType.FLOAT32, Shape.of(0, 1))), 4, false, 0, false)));
        // hyper-parameters (library)
        c.add(lib("hyper-parameters", "a learning rate <= 0", "invalid learning rate: 0.0 (expected a finite number > 0)",
                () -> new SGD(Linear.zeros(2, 1).parameters(), 0)));
        c.add(lib("hyper-parameters", "a NaN learning rate", "invalid learning rate: NaN (expected a finite number > 0)",
                () -> new SGD(Linear.zeros(2, 1).parameters(), Double.NaN)));
        c.add(lib("hyper-parameters", "a layer with 0 units", "Linear(2, 0): expected sizes >= 1",
                () -> new Linear(2, 0, new java.util.Random(0))));
        // autograd misuse
        c.add(lib("autograd", "backward on a non-scalar without a gradient",
                "backward(): grad can be implicitly created only for a scalar output, but this tensor has shape (2,); "
                        + "pass a gradient of that shape to backward(gradient)",
                () -> Tensor.of(1f, 2f).requiresGrad(true).mul(2).backward()));
        c.add(lib("autograd", "a second backward through a freed graph",
                "Trying to backward through the graph a second time (or to read values saved by MulBackward after "
                        + "they were freed). Saved values are freed when backward() runs; call "
                        + "backward(null, true, false) (retainGraph) the first time if you need to go backward through the graph again.",
                () -> {
                    Tensor x = Tensor.scalar(2).requiresGrad(true);
                    Tensor y = x.mul(x);
                    y.backward();
                    y.backward();
                }));
        c.add(lib("autograd", "backward from a tensor that does not require grad",
                "backward(): this tensor does not require grad and has no gradFn; set requiresGrad(true) on the "
                        + "leaves you want gradients for",
                () -> Tensor.scalar(2).mul(3).backward()));
        c.add(lib("autograd", "grad(...) of an input that does not require grad",
                "grad: input 0 (shape ()) does not require grad, so it has no gradient",
                () -> {
                    Tensor x = Tensor.scalar(2).requiresGrad(true);
                    Autograd.grad(x.mul(3), Tensor.scalar(1));
                }));
        c.add(lib("autograd", "retainGrad on a tensor that does not require grad",
                "retainGrad(): this tensor does not require grad, so no gradient will reach it",
                () -> Tensor.scalar(1).retainGrad()));
        c.add(lib("autograd", "a saved tensor changed in place before backward",
                "one of the variables needed for gradient computation has been modified by an inplace operation: "
                        + "[float32 (2,)] 'w', which is input 0 of MulBackward, is at version 1; expected version 0 "
                        + "instead.",
                () -> {
                    Tensor w = Tensor.of(1f, 2f).requiresGrad(true).named("w");
                    Tensor loss = w.mul(w).sum();   // Mul saved w for both rules
                    w.data().set(0, 100);
                    loss.backward();
                }));
        c.add(lib("autograd", "differentiating a once-differentiable op twice",
                "LinearBCEWithLogitsBackward is once differentiable: its gradient was computed from sums saved by "
                        + "the fused forward pass, so it cannot be differentiated again. Build the graph from the "
                        + "unfused ops (for LinearBCEWithLogits: Linear.forward, then BCEWithLogitsLoss.forward on "
                        + "the logits) to take second derivatives.",
                () -> {
                    Tensor w = Tensor.of(new float[][] {{0.5f}}).requiresGrad(true);
                    Tensor loss = org.jgrad.autograd.ops.LinearBCEWithLogits.apply(Tensor.of(new float[][] {{1}}), w,
                            Tensor.of(0f).requiresGrad(true), Tensor.of(new float[][] {{1}}));
                    Tensor g = Autograd.grad(List.of(loss), List.of(w), null, true, true, false).get(0);
                    Autograd.grad(g.sum(), w);
                }));
        c.add(lib("optim", "Newton on a model too large for a dense Hessian",
                "Newton: the model has 5000 parameters, more than the 4096 a dense Hessian allows (it would hold "
                        + "5000 x 5000 values and need 5000 backward passes per step); use L-BFGS (--optimizer lbfgs) "
                        + "instead",
                () -> new org.jgrad.models.optim.Newton(new org.jgrad.models.nn.Linear(4999, 1,
                        new java.util.Random(0)).parameters())));
        // command line
        c.add(cli("command line", "an unknown option", 2, "jgrad: Unknown option: '--bogus' (see 'jgrad train --help')",
                "train", "--bogus"));
        c.add(cli("command line", "Newton on the digits without damping", 1,
                "jgrad: Newton: the Hessian of the loss is singular or not positive definite here (cholesky: the "
                        + "matrix is not positive definite: pivot 19 of 53 is 0.0 (largest diagonal entry 0.25)). For "
                        + "logistic regression this happens when the classes are separable (the loss has no finite "
                        + "minimum) or features are repeated or linear combinations of others (pixels over few "
                        + "images); add a small damping (--damping 1e-8: H + 1e-8 I) or use --optimizer lbfgs",
                "train", "--optimizer", "newton", "--epochs", "2"));
        c.add(cli("command line", "a full-batch optimizer with --batch-size", 2,
                "jgrad: --optimizer lbfgs takes full-batch steps; leave out --batch-size (see 'jgrad train --help')",
                "train", "--optimizer", "lbfgs", "--batch-size", "32"));
        c.add(cli("command line", "a learning rate <= 0", 2,
                "jgrad: --lr must be a finite number > 0, got 0.0 (see 'jgrad train --help')", "train", "--lr", "0"));
        c.add(cli("command line", "a negative epoch count", 2,
                "jgrad: --epochs must be >= 0, got -1 (see 'jgrad train --help')", "train", "--epochs", "-1"));
        c.add(cli("command line", "a number that is not a number", 2,
                "jgrad: Invalid value for option '--lr': 'fast' is not a double (see 'jgrad train --help')", "train",
                "--lr", "fast"));
        c.add(cli("command line", "a missing training file", 1, "jgrad: FILE: no such file", "train", "--train",
                "DIR/missing.csv"));
        c.add(cli("command line", "test data with another number of features", 1,
                "jgrad: FILE: 3 features, but FILE has 2", "train", "--train", "DIR/ok.csv", "--test",
                "DIR/wide.csv"));
        c.add(cli("command line", "a fractional label in a training file", 1,
                "jgrad: FILE, data row 2: label 0.5 is not a whole number, so the label column looks continuous (a "
                        + "regression target); expected class labels such as 0/1, 1/2 or cat/dog (scikit-learn: "
                        + "Unknown label type: continuous)",
                "train", "--train",
                "DIR/labels.csv", "--test", "DIR/labels.csv"));
        c.add(cli("command line", "a batch size of 0", 2, "jgrad: --batch-size must be >= 1, got 0 (see 'jgrad train --help')", "train", "--batch-size", "0"));
        c.add(cli("command line", "an unknown optimizer", 2, "jgrad: --optimizer must be sgd, adam, adamw, lbfgs or newton, got 'rmsprop' (see 'jgrad train --help')", "train", "--optimizer", "rmsprop"));
        c.add(cli("command line", "an unknown data set", 2, "jgrad: --dataset: unknown dataset 'cifar'; expected digits01|digits:A,B|digits|breast-cancer|fashion-mnist|fashion-mnist:A,B|moons|xor (see 'jgrad train --help')", "train", "--dataset", "cifar"));
        c.add(cli("command line", "a hidden layer of size 0", 2, "jgrad: --hidden sizes must be >= 1, got [16, 0] (see 'jgrad train --help')", "train", "--model", "mlp", "--hidden",
                "16,0"));
        c.add(cli("command line", "an unknown scaling", 2, "jgrad: --scale must be none, standardize, minmax or a divisor, got 'weird' (see 'jgrad train --help')", "train", "--scale", "weird"));
        c.add(cli("command line", "a missing model file", 1, "jgrad: FILE: no such file", "predict", "--model",
                "DIR/missing.safetensors", "--data", "DIR/ok.csv"));
        c.add(cli("command line", "a corrupt model file", 1, "jgrad: FILE: corrupt or truncated: the header length field says 16 bytes, but the file has 7 bytes after it", "predict", "--model",
                "DIR/short.safetensors", "--data", "DIR/ok.csv"));
        c.add(cli("command line", "Fashion-MNIST not installed", 1, "jgrad: Fashion-MNIST: FILE/train-images-idx3-ubyte[.gz] not found. Install the data with 'apt-get install -y dataset-fashion-mnist' (it goes to /usr/share/datasets/fashion-mnist), or pass the directory holding the four IDX files from https://github.com/zalandoresearch/fashion-mnist", "train", "--dataset",
                "fashion-mnist", "--fashion-dir", "DIR/nowhere"));
        labelsOutputsAndResumeCases(c);
        readerCases(c);
        return c;
    }

    // ---- labels as written, outputs checked before training, resume, usage errors (reliability round two, CLI) ----

    /** Writes {@code text} to DIR/{@code name} when the case runs (so this block needs no shared set-up). */
    private static Path written(String name, String text) throws IOException {
        return Files.writeString(file(name), text);
    }

    /** A command-line case whose files are written first. */
    private static Case cliWith(String area, String what, int exitCode, String message, Action files,
            String... args) {
        return new Case(area, what, () -> {
            files.run();
            runCli(args);
        }, message, exitCode);
    }

    private static final String ONE_TWO = "1,2,1\n3,4,2\n5,6,1\n7,8,2\n9,10,1\n";

    private static void labelsOutputsAndResumeCases(List<Case> c) {
        c.add(lib("labels", "a test label the training data did not have",
                "test.csv, data row 2: label '3' is not one of the training classes [1, 2]",
                () -> org.jgrad.models.data.ClassLabels.fit("train.csv", List.of("1", "2", "1"))
                        .encode("test.csv", List.of("1", "3"))));
        c.add(lib("labels", "a single class", "train.csv: every label is 'cat' (1 class); a classifier needs at "
                + "least 2 classes", () -> org.jgrad.models.data.ClassLabels.fit("train.csv", List.of("cat", "cat"))));
        c.add(lib("labels", "labels that look continuous", "train.csv, data row 2: label 0.37 is not a whole "
                + "number, so the label column looks continuous (a regression target); expected class labels such as "
                + "0/1, 1/2 or cat/dog (scikit-learn: Unknown label type: continuous)",
                () -> org.jgrad.models.data.ClassLabels.fit("train.csv", List.of("1", "0.37", "2.5"))));
        c.add(lib("labels", "more classes than the limit", "train.csv: more than 1000 distinct labels by data row "
                + "1001; jgrad trains at most 1000 classes (is the label the last column?)",
                () -> org.jgrad.models.data.ClassLabels.fit("train.csv", java.util.stream.IntStream.range(0, 5000)
                        .mapToObj(Integer::toString).toList())));
        c.add(lib("training", "a loader with no batches", "Trainer.fit: the loader has no batches (batch size 4 "
                + "with dropLast, and fewer examples than that); nothing to train on", () -> {
                    Linear l = Linear.zeros(2, 1);
                    new org.jgrad.models.Trainer(l, new BCEWithLogitsLoss(), new SGD(l.parameters(), 0.1)).fit(
                            new DataLoader(new TensorDataset(NDArray.zeros(DType.FLOAT32, Shape.of(3, 2)),
                                    NDArray.zeros(DType.FLOAT32, Shape.of(3, 1))), 4, false, 0, true), 1,
                            org.jgrad.models.Trainer.Listener.NONE);
                }));
        c.add(lib("training", "a mini-batch row outside the data set (the fused logistic loss over rows)",
                "fused linear + BCE with logits: row 3 at position 1 is out of range for x of 3 rows (expected 0 to 2)",
                () -> new BCEWithLogitsLoss().forward(Linear.zeros(2, 1), Tensor.zeros(3, 2), Tensor.zeros(3, 1),
                        new int[] {0, 3})));
        c.add(lib("training", "backward through a batch whose reused arrays the next batch has overwritten",
                "one of the variables needed for gradient computation has been modified by an inplace operation: "
                        + "[float32 (2, 2)], which is input 0 of MatmulBackward, is at version 2; expected version 1 "
                        + "instead.", () -> {
                    DataLoader loader = new DataLoader(new TensorDataset(NDArray.zeros(DType.FLOAT32,
                            Shape.of(4, 2)), NDArray.zeros(DType.FLOAT32, Shape.of(4, 1))), 2, false, 0, false);
                    java.util.Iterator<DataLoader.Batch> batches = loader.iterator(0, true);
                    Tensor w = Tensor.zeros(2, 1).requiresGrad(true);
                    Tensor loss = batches.next().x().matmul(w).sum();
                    batches.next().x();
                    loss.backward();
                }));
        c.add(lib("training", "reading the values of a model's intermediate result after backward released them",
                "the values of this (1, 16384) intermediate (made by linearFunction) were released after backward, "
                        + "which used them last (Sequential releases those between its built-in layers); to read them afterwards, "
                        + "call backward(null, true, false) to retain the graph, record the pass with Graph.trace, "
                        + "or call the layers one by one", () -> {
                    Sequential net = new Sequential(Linear.zeros(2, 16384), new Sigmoid(), Linear.zeros(16384, 1));
                    Tensor out = net.forward(Tensor.zeros(1, 2));
                    Tensor hidden = out.gradFn().inputs().getFirst().gradFn().inputs().getFirst();
                    out.sum().backward();
                    hidden.data();
                }));
        c.add(lib("hyper-parameters", "a layer built without its random generator", "Linear(2, 3): random is "
                + "null; pass a java.util.Random (new Random(seed)) or use Linear.zeros(2, 3)",
                () -> new Linear(2, 3, null)));
        c.add(lib("model files", "an optimizer state that does not fit the parameters", "SGD.loadStateDict: "
                + "'0.momentum_buffer' has float32 (4,), expected float32 (1, 3) like parameter 0", () -> {
                    SGD sgd = new SGD(Linear.zeros(3, 1).parameters(), 0.1, 0.9, 0, 0, false);
                    sgd.loadStateDict(java.util.Map.of("lr", NDArray.of(new double[] {0.1}, Shape.of(1)),
                            "0.momentum_buffer", NDArray.zeros(DType.FLOAT32, Shape.of(4))));
                }));
        c.add(cliWith("command line", "a test label the training data did not have", 1, "jgrad: FILE, data row 2: "
                + "label '3' is not one of the training classes [1, 2]", () -> {
                    written("labels-ab.csv", ONE_TWO);
                    written("labels-c.csv", "1,2,1\n3,4,3\n");
                }, "train", "--train", "DIR/labels-ab.csv", "--test", "DIR/labels-c.csv"));
        c.add(cliWith("command line", "a training file with one class", 1, "jgrad: FILE: every label is '1000000' "
                + "(1 class); a classifier needs at least 2 classes", () -> written("one-class.csv",
                        "1,2,1000000\n3,4,1000000\n"), "train", "--train", "DIR/one-class.csv"));
        c.add(cliWith("command line", "--save onto the training file", 2, "jgrad: --save FILE is the input file of "
                + "--train; refusing to overwrite it (see 'jgrad train --help')", () -> written("labels-ab.csv",
                        ONE_TWO), "train", "--train", "DIR/labels-ab.csv", "--save", "DIR/labels-ab.csv"));
        c.add(cli("command line", "--save under a path whose parent is a file", 1, "jgrad: --save FILE/m.safetensors: "
                + "cannot write there: FILE is a file, not a directory", "train", "--save", "DIR/ok.csv/m.safetensors"));
        c.add(cli("command line", "--plot in a format it does not write", 2, "jgrad: --plot FILE: a picture must "
                + "end in .png, .jpg, .jpeg, .svg or .pdf (the format to write), got .gif (see 'jgrad train --help')",
                "train", "--plot", "DIR/cost.gif"));
        c.add(cli("command line", "a negative seed", 2, "jgrad: --seed must be between 0 and 4294967295 (2^32 - 1, "
                + "NumPy's seeds), got -1 (see 'jgrad train --help')", "train", "--seed", "-1"));
        c.add(cli("command line", "a momentum of 1 or more", 2, "jgrad: --momentum must be in [0, 1), got 5.0 (see "
                + "'jgrad train --help')", "train", "--momentum", "5"));
        c.add(cli("command line", "a negative weight decay", 2, "jgrad: --weight-decay must be a finite number >= 0, "
                + "got -1.0 (see 'jgrad train --help')", "train", "--weight-decay", "-1"));
        c.add(cli("command line", "a delimiter of two characters", 2, "jgrad: --delimiter must be one character "
                + "(such as ; or |) or tab, and not a quote or a line break, got ';;' (see 'jgrad train --help')",
                "train", "--delimiter", ";;"));
        c.add(cli("command line", "a delimiter that would split numbers", 2, "jgrad: --delimiter '.' would split "
                + "numbers; expected a character such as ;, | or tab (see 'jgrad train --help')", "train",
                "--delimiter", "."));
        c.add(cli("command line", "bench with 0 threads", 2, "jgrad: --threads must be >= 1, got 0 (see 'jgrad "
                + "bench --help')", "bench", "--threads", "0"));
        c.add(cliWith("command line", "--resume from a model file, not a checkpoint", 1, "jgrad: FILE: not a jgrad "
                + "checkpoint (expected __metadata__ format=jgrad-checkpoint-1, found null)",
                () -> Safetensors.write(file("plain.safetensors"), Linear.zeros(64, 1).stateDict(), java.util.Map.of()),
                "train", "--resume", "DIR/plain.safetensors"));
    }

    // ---- file readers (issue 14: safetensors rules, CSV encodings and delimiters, gzip, directories) ----

    /** A safetensors file written byte by byte: the length, the header text as given, then floats 1, 2, 3, ... */
    private static void safetensors(String name, String header, int floats) throws IOException {
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length + 4 * floats)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (int i = 0; i < floats; i++) {
            b.putFloat(i + 1);
        }
        Files.write(dir.resolve(name), b.array());
    }

    private static String f32(String name, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    private static void readerFiles() throws IOException {
        safetensors("overlap.safetensors", "{" + f32("a", "[2]", "[0,8]") + "," + f32("b", "[2]", "[4,12]") + "}", 3);
        safetensors("gap.safetensors", "{" + f32("a", "[2]", "[0,8]") + "," + f32("b", "[2]", "[12,20]") + "}", 5);
        safetensors("extra.safetensors", "{" + f32("a", "[2]", "[0,8]") + "}", 3);
        safetensors("twice.safetensors", "{" + f32("a", "[1]", "[0,4]") + "," + f32("a", "[1]", "[4,8]") + "}", 2);
        safetensors("after.safetensors", "{" + f32("a", "[1]", "[0,4]") + "}x   ", 1);
        safetensors("fraction.safetensors", "{" + f32("a", "[1]", "[0,4.0]") + "}", 1);
        safetensors("negative.safetensors", "{" + f32("a", "[1]", "[-4,0]") + "}", 1);
        Files.createDirectory(dir.resolve("folder.safetensors"));
        Files.createDirectory(dir.resolve("folder.csv"));
        // a model trained and saved by the command line, with one metadata field spoiled
        Main.execute(new String[] {"train", "--train", dir.resolve("ok.csv").toString(), "--epochs", "1", "--save",
            dir.resolve("trained.safetensors").toString()}, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        Safetensors.Contents trained = Safetensors.read(dir.resolve("trained.safetensors"));
        java.util.Map<String, String> meta = new java.util.LinkedHashMap<>(trained.metadata());
        meta.put("layers", "[2,x]");
        Safetensors.write(dir.resolve("meta.safetensors"), trained.tensors(), meta);
        // "caf\u00e9" in Latin-1: byte 11 (line 2 starts at byte 6) is 0xe9, which UTF-8 does not have alone
        Files.write(dir.resolve("latin.csv"), "1,2,0\n3,caf\u00e9,1\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Files.write(dir.resolve("binary.csv"), new byte[] {'1', ',', '2', '\n', 0, 7, 1});
        Files.write(dir.resolve("zipped.csv"), gzip("1,2,0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Files.writeString(dir.resolve("comma.csv"), "1,5;2;0\n");
        // Fashion-MNIST's four files, the first with its gzip CRC spoiled (the deflate data itself intact)
        Path fashion = Files.createDirectory(dir.resolve("fashion"));
        byte[] images = gzip(new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5});
        images[images.length - 8] ^= 1;
        Files.write(fashion.resolve("train-images-idx3-ubyte.gz"), images);
        Files.write(dir.resolve("images.idx.gz"), images);
        for (String name : new String[] {"train-labels-idx1-ubyte", "t10k-labels-idx1-ubyte"}) {
            Files.write(fashion.resolve(name), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 0});
        }
        Files.write(fashion.resolve("t10k-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0,
            0, 1, 5});
    }

    private static byte[] gzip(byte[] content) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(content);
        }
        return out.toByteArray();
    }

    private static void readerCases(List<Case> c) {
        c.add(lib("model files", "tensors whose data_offsets overlap",
                "FILE: corrupt header: tensors 'a' (bytes 0..8 of the data) and 'b' (bytes 4..12) overlap; the format "
                        + "gives each byte to one tensor", () -> Safetensors.read(file("overlap.safetensors"))));
        c.add(lib("model files", "a gap between two tensors' bytes",
                "FILE: corrupt header: bytes 8..12 of the data between tensors 'a' and 'b' belong to no tensor; the "
                        + "format requires the tensors to cover the data without gaps",
                () -> Safetensors.read(file("gap.safetensors"))));
        c.add(lib("model files", "bytes after the last tensor",
                "FILE: corrupt: bytes 8..12 of the data, after the last tensor 'a', belong to no tensor",
                () -> Safetensors.read(file("extra.safetensors"))));
        c.add(lib("model files", "a tensor name that appears twice",
                "FILE: corrupt header: tensor 'a' appears twice; the format forbids duplicate keys",
                () -> Safetensors.read(file("twice.safetensors"))));
        c.add(lib("model files", "bytes other than spaces after the header's JSON",
                "FILE: corrupt header: after the JSON object only spaces may follow (the format's padding), found 'x' "
                        + "at byte 54 of the header", () -> Safetensors.read(file("after.safetensors"))));
        c.add(lib("model files", "a fractional offset",
                "FILE: corrupt header: tensor 'a' has data_offsets [0,4.0]; expected two whole numbers >= 0",
                () -> Safetensors.read(file("fraction.safetensors"))));
        c.add(lib("model files", "a negative offset",
                "FILE: corrupt header: tensor 'a' has data_offsets [-4,0]; expected two whole numbers >= 0",
                () -> Safetensors.read(file("negative.safetensors"))));
        c.add(lib("model files", "a directory given as the model file", "FILE: is a directory, expected a file",
                () -> Safetensors.read(file("folder.safetensors"))));
        c.add(lib("model files", "a metadata field that is not what it should be",
                "FILE: __metadata__ 'layers' is not a JSON array of integers: found '[2,x]'",
                () -> org.jgrad.models.Classifier.load(file("meta.safetensors"))));
        c.add(lib("data", "a CSV that is not UTF-8 (Latin-1)",
                "FILE, line 2: not UTF-8 text (byte 0xe9 at byte 11); save the file as UTF-8",
                () -> CsvReader.read(file("latin.csv"))));
        c.add(lib("data", "a binary file given as CSV",
                "FILE, line 2: binary data (a zero byte at byte 4), expected CSV text",
                () -> CsvReader.read(file("binary.csv"))));
        c.add(lib("data", "a gzip-compressed CSV",
                "FILE: gzip-compressed data, expected CSV text (decompress it first, for example with gunzip)",
                () -> CsvReader.read(file("zipped.csv"))));
        c.add(lib("data", "decimal commas in a semicolon-separated CSV",
                "FILE, line 1, column 1: expected a number, found '1,5' (a decimal comma? jgrad reads numbers with a "
                        + "decimal point, like 1.5)", () -> CsvReader.read(file("comma.csv"))));
        c.add(lib("data", "a directory given as the CSV file", "FILE: is a directory, expected a file",
                () -> CsvReader.read(file("folder.csv"))));
        c.add(lib("data", "a damaged gzip IDX file",
                "FILE: corrupt gzip data (Corrupt GZIP trailer); the file is damaged, fetch or copy it again",
                () -> org.jgrad.models.data.IdxReader.read(file("images.idx.gz"))));
        c.add(lib("data", "a CSV delimiter that would split numbers",
                "CSV delimiter '.' would split numbers or lines; expected a character such as ',', ';', a tab or '|'",
                () -> CsvReader.read(file("ok.csv"), null, '.')));
        c.add(cli("command line", "a directory given as the training file", 1,
                "jgrad: FILE: is a directory, expected a file", "train", "--train", "DIR/folder.csv"));
        c.add(cli("command line", "a model file whose metadata is spoiled", 1,
                "jgrad: FILE: __metadata__ 'layers' is not a JSON array of integers: found '[2,x]'", "predict",
                "--model", "DIR/meta.safetensors", "--data", "DIR/ok.csv"));
        c.add(cli("command line", "a damaged Fashion-MNIST download", 1,
                "jgrad: FILE/train-images-idx3-ubyte.gz: corrupt gzip data (Corrupt GZIP trailer); the file is damaged, "
                        + "fetch or copy it again", "train", "--dataset", "fashion-mnist", "--fashion-dir",
                "DIR/fashion"));
    }

    private static String[] lastErr = new String[1];
    private static int[] lastCode = new int[1];

    private static void runCli(String... args) {
        String[] real = Stream.of(args).map(a -> a.replace("DIR", dir.toString())).toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        lastCode[0] = Main.execute(real, new PrintWriter(out, true), new PrintWriter(err, true));
        lastErr[0] = err.toString();
    }

    /** Messages with this run's temporary paths written as FILE, as in the README. */
    private static String normalise(String message) {
        return message.replaceAll(java.util.regex.Pattern.quote(dir.toString()) + "/[A-Za-z.-]+", "FILE");
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputGivesItsMessage() {
        return catalogue().stream().map(c -> DynamicTest.dynamicTest(c.area() + ": " + c.what(), () -> {
            if (c.exitCode() >= 0) {
                c.action().run();
                assertThat(lastCode[0]).as("exit code").isEqualTo(c.exitCode());
                List<String> lines = lastErr[0].lines().toList();
                assertThat(lines).as("stderr").hasSize(1);
                assertThat(normalise(lines.get(0))).isEqualTo(c.message());
                return;
            }
            try {
                c.action().run();
            } catch (RuntimeException | IOException e) {
                assertThat(normalise(e.getMessage())).isEqualTo(c.message());
                return;
            }
            fail("expected an error: " + c.message());
        }));
    }

    /** The README table, rendered from the catalogue. */
    static String table() {
        StringBuilder sb = new StringBuilder("| area | when | what jgrad says |\n| --- | --- | --- |\n");
        for (Case c : catalogue()) {
            String says = c.exitCode() >= 0 ? "exit " + c.exitCode() + ", stderr: `" + c.message() + "`"
                    : "`" + c.message() + "`";
            sb.append("| ").append(c.area()).append(" | ").append(c.what()).append(" | ")
                    .append(says.replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    @Test
    void readmeTableEqualsTheCatalogue() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        String table = table();
        if (!text.contains(table)) {
            fail("README.md's \"What happens when...\" table differs from the catalogue in "
                    + "BadInputCatalogTest; replace it with:\n\n" + table);
        }
        assertThat(catalogue()).hasSizeGreaterThan(20);
    }
}
