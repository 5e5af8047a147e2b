package org.jgrad.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ops.LinearBCEWithLogits;
import org.jgrad.core.DType;
import org.jgrad.core.MatMul;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.core.kernels.FmaPeak;
import org.jgrad.core.kernels.Kernels;
import org.jgrad.core.kernels.Parallel;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.Shuffle;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.data.Turns;
import org.jgrad.models.nn.BCEWithLogitsLoss;
import org.jgrad.models.nn.Linear;
import org.jgrad.models.nn.CrossEntropyLoss;
import org.jgrad.models.nn.ReLU;
import org.jgrad.models.nn.Sequential;
import org.jgrad.models.optim.SGD;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jgrad bench}: the training workloads of {@code torch_bench.py} (the PyTorch reference), run the same way
 * (same shapes, float32, the same step, warm-up first, the mean over the timed calls), printing
 * {@code workload=NAME engine=jgrad ms=X unit=iter|epoch} so that the two outputs line up.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the training workloads of torch_bench.py (the PyTorch reference) in jgrad.",
            "Prints: workload=NAME engine=jgrad ms=X unit=iter|epoch (and gflops= for sgemm)."})
final class BenchCommand implements Callable<Integer> {
    /** Full-batch logistic regression: rows, features, timed calls (warm-up: max(2, calls / 10)). */
    private static final Map<String, int[]> FULL_BATCH = new LinkedHashMap<>();

    static {
        FULL_BATCH.put("logreg-digits", new int[] {288, 64, 2000});
        FULL_BATCH.put("logreg-cat", new int[] {209, 12288, 200});
        FULL_BATCH.put("logreg-wide", new int[] {20000, 1000, 20});
        FULL_BATCH.put("logreg-big", new int[] {100000, 1000, 5});
    }

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put("logreg-digits", "full-batch logistic regression step, 288 x 64");
        DESCRIPTIONS.put("logreg-cat", "full-batch logistic regression step, 209 x 12288");
        DESCRIPTIONS.put("logreg-wide", "full-batch logistic regression step, 20000 x 1000");
        DESCRIPTIONS.put("logreg-big", "full-batch logistic regression step, 100000 x 1000 (X is 400 MB)");
        DESCRIPTIONS.put("logreg-minibatch", "one epoch of shuffled mini-batches of 64 over 60000 x 784");
        DESCRIPTIONS.put("mlp", "one epoch, Linear(784,256)-ReLU-Linear(256,10) + cross-entropy, batches of 128");
        DESCRIPTIONS.put("cnn", "one epoch over 10000 images 1x28x28, batches of 64: Conv2d-ReLU-MaxPool2d twice, "
                + "Flatten, Linear(1568,10)");
        DESCRIPTIONS.put("sgemm-1024", "1024 x 1024 float32 matrix product, GFLOP/s");
        DESCRIPTIONS.put("sgemm-2048", "2048 x 2048 float32 matrix product, GFLOP/s");
        DESCRIPTIONS.put("bandwidth", "the machine's limit: GB/s reading logreg-big's 400 MB X (a sum over it)");
        DESCRIPTIONS.put("peak", "the machine's limit: GFLOP/s of independent FMAs in registers at the kernels' "
                + "vector width, one thread");
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "NAME",
            description = "Workloads to run (default: all of torch_bench.py's; see --list).")
    List<String> names = new ArrayList<>();

    @Option(names = "--list", description = "List the workloads and exit.")
    boolean list;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Threads for the kernels (default: ${DEFAULT-VALUE}, as torch_bench.py).")
    int threads;

    @Option(names = "--unfused", description = "Logistic regression through Linear + BCEWithLogitsLoss instead of "
            + "the fused op (to measure the fusion).")
    boolean unfused;

    @Option(names = "--phases", description = "For mlp and logreg-minibatch: where a step's time goes, phase by "
            + "phase (microseconds and kilobytes allocated per batch), instead of the epoch's time.")
    boolean phases;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            DESCRIPTIONS.forEach((name, what) -> out.printf("%-17s %s%n", name, what));
            return 0;
        }
        // by default torch_bench.py's workloads; the machine's limits (bandwidth, peak) only when named
        List<String> chosen = names.isEmpty() ? DESCRIPTIONS.keySet().stream()
                .filter(name -> !name.equals("bandwidth") && !name.equals("peak")).toList() : names;
        for (String name : chosen) {
            if (!DESCRIPTIONS.containsKey(name)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown workload '" + name
                        + "', expected one of " + String.join(", ", DESCRIPTIONS.keySet()));
            }
        }
        if (threads < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1, got "
                    + threads);
        }
        Parallel.setThreads(threads);
        out.printf("# jgrad java %s kernels %s threads %d%s%n", Runtime.version(), Kernels.get().name(), threads,
                unfused ? " unfused" : "");
        for (String name : chosen) {
            if (phases && name.equals("mlp")) {
                PhasedWorkloads.mlp(out);
                continue;
            }
            if (phases && name.equals("logreg-minibatch")) {
                PhasedWorkloads.logregMinibatch(out);
                continue;
            }
            out.println(run(name));
            out.flush();
        }
        return 0;
    }

    private String run(String name) {
        String head = "workload=" + name + " engine=jgrad ";
        if (FULL_BATCH.containsKey(name)) {
            int[] w = FULL_BATCH.get(name);
            // four decimals: logreg-digits' step takes a few microseconds, which three decimals of ms round to 25%
            return head + String.format("ms=%.4f unit=iter", logregFullBatch(w[0], w[1], w[2]) * 1e3);
        }
        return switch (name) {
            case "logreg-minibatch" -> head + String.format("ms=%.1f unit=epoch", logregMinibatch() * 1e3);
            case "mlp" -> head + String.format("ms=%.1f unit=epoch", mlp() * 1e3);
            case "cnn" -> {
                double seconds = CnnWorkload.epochSeconds();
                yield head + String.format("ms=%.1f unit=epoch gflops=%.1f", seconds * 1e3,
                        CnnWorkload.FLOPS_PER_EPOCH / seconds / 1e9);
            }
            case "bandwidth" -> {
                double seconds = readX();
                yield head + String.format("ms=%.3f unit=iter gbps=%.1f", seconds * 1e3, 4e8 / seconds / 1e9);
            }
            case "peak" -> {
                double[] sink = new double[1];
                double seconds = perCall(() -> sink[0] += FmaPeak.run(PEAK_STEPS), 10, 2);
                yield head + String.format("ms=%.3f unit=iter gflops=%.1f", seconds * 1e3,
                        (double) PEAK_STEPS * FmaPeak.FLOPS_PER_STEP / seconds / 1e9);
            }
            default -> {
                int size = Integer.parseInt(name.substring("sgemm-".length()));
                double seconds = sgemm(size);
                yield head + String.format("ms=%.3f unit=iter gflops=%.1f", seconds * 1e3,
                        2.0 * size * size * size / seconds / 1e9);
            }
        };
    }

    /**
     * The least time the timed calls span. A young garbage collection takes 5-10 ms on the 2-core VMs measured here
     * (Serial, Parallel and G1 alike, for 3 MB live) and comes about every 100 MB allocated; logreg-digits' 2000
     * calls, 16-40 ms, held one such pause or none, and read 8 or 17 us a step from one run to the next. Over half
     * a second the pauses are counted in proportion to the steps that cause them, instead of all or nothing.
     */
    static final long MIN_TIMED_NANOS = 500_000_000L;

    /** Steps of {@link FmaPeak#run} a call of the peak measurement: about 50 ms at 512 bits on the hosts here. */
    private static final long PEAK_STEPS = 20_000_000L;

    /**
     * Seconds per call of {@code step}: {@code warmup} untimed calls (torch_bench.py's count), continued until the
     * JIT has compiled the kernels ({@link Warmup}), then the mean over at least {@code calls} (torch_bench.py's
     * count), continued until they span {@link #MIN_TIMED_NANOS}.
     */
    static double perCall(Runnable step, int calls, int warmup) {
        Warmup.run(step, warmup);
        long start = System.nanoTime();
        int done = 0;
        while (done < calls || System.nanoTime() - start < MIN_TIMED_NANOS) {
            step.run();
            done++;
        }
        return (System.nanoTime() - start) / 1e9 / done;
    }

    /** X standard normal, as torch.randn. */
    static NDArray normal(int rows, int cols, RandomGenerator random) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return NDArray.of(v, Shape.of(rows, cols));
    }

    /** y in {0, 1} with probability 1/2 each, as {@code torch.rand(m, 1) > 0.5}. */
    static NDArray coinFlips(int rows, RandomGenerator random) {
        float[] v = new float[rows];
        for (int i = 0; i < rows; i++) {
            v[i] = random.nextFloat() > 0.5f ? 1f : 0f;
        }
        return NDArray.of(v, Shape.of(rows, 1));
    }

    /** The user's fused call ({@link LinearBCEWithLogits} inside), or with {@code --unfused} the plain graph. */
    private Tensor logregLoss(Linear model, Tensor x, Tensor y) {
        BCEWithLogitsLoss criterion = new BCEWithLogitsLoss();
        return unfused ? criterion.forward(model.forward(x), y) : criterion.forward(model, x, y);
    }

    private double logregFullBatch(int m, int n, int calls) {
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        Tensor x = Tensor.of(normal(m, n, random));
        Tensor y = Tensor.of(coinFlips(m, random));
        Linear model = new Linear(n, 1, new Random(0));
        SGD optimizer = new SGD(model.parameters(), 0.005);
        return perCall(() -> {
            Tensor loss = logregLoss(model, x, y);
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
        }, calls, Math.max(2, calls / 10));
    }

    /** Copies rows {@code order[start .. start+rows)} of {@code src} into {@code dst} (reused across batches). */
    static void gather(NDArray src, int[] order, int start, NDArray dst) {
        TensorDataset.gatherRows(src, order, start, dst.shape().dim(0), dst);
    }

    /** One batch's tensors, backed by buffers reused across batches of the same size. */
    record Batch(NDArray x, NDArray y) {
        static Batch of(int rows, int cols) {
            return new Batch(NDArray.zeros(DType.FLOAT32, Shape.of(rows, cols)),
                    NDArray.zeros(DType.FLOAT32, Shape.of(rows, 1)));
        }

        /** Fills this batch from rows {@code order[start ..]} of x and y. */
        Batch fill(NDArray allX, NDArray allY, int[] order, int start) {
            gather(allX, order, start, x);
            gather(allY, order, start, y);
            return this;
        }
    }

    /** logreg-minibatch's data, model and optimizer, the same for the timed and the phased epochs. */
    record MinibatchSetup(NDArray allX, NDArray allY, Tensor x, Tensor y, Linear model, SGD optimizer,
            RandomGenerator random, int batches, Batch last) {
        static final int ROWS = 60000;
        static final int BATCH = 64;

        static MinibatchSetup create() {
            RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
            NDArray allX = normal(ROWS, 784, random);
            NDArray allY = coinFlips(ROWS, random);
            Linear model = new Linear(784, 1, new Random(0));
            int batches = (ROWS + BATCH - 1) / BATCH;
            return new MinibatchSetup(allX, allY, Tensor.of(allX), Tensor.of(allY), model,
                    new SGD(model.parameters(), 0.01), random, batches, Batch.of(ROWS - (batches - 1) * BATCH, 784));
        }

        /** The rows of batch {@code b} of the epoch {@code order} (the last is shorter). */
        int[] rows(int[] order, int b) {
            return java.util.Arrays.copyOfRange(order, b * BATCH, Math.min(ROWS, (b + 1) * BATCH));
        }

        /**
         * The user's fused call on the rows {@code rows} of the data set, read where they are
         * ({@link BCEWithLogitsLoss#forward(Linear, Tensor, Tensor, int[])}).
         */
        Tensor loss(int[] rows) {
            return new BCEWithLogitsLoss().forward(model, x, y, rows);
        }

        /** A new epoch's order of the rows. */
        int[] shuffle() {
            return Shuffle.permutation(ROWS, random);
        }

        /** The same into {@code buffer} (of BATCH rows), or the last batch's own shorter buffer. */
        Batch fill(int[] order, int b, Batch buffer) {
            return (b == batches - 1 ? last : buffer).fill(allX, allY, order, b * BATCH);
        }
    }

    /**
     * The epoch as a user writes it. On one thread, each batch is a list of row indices into the data set, and the
     * fused loss reads those rows where they are, gathering a few at a time into its scratch in L1 while it steps
     * ({@link MinibatchSetup#loss(int[])}): 21.0-22.0 ms an epoch, against 24.5-31.8 with each batch copied into a
     * reused buffer first (four alternating pairs of JVMs, 2-core AVX-512 Xeon VM, nineteenth session); the same
     * bits. With two threads or more they take turns ({@link Turns}): each gathers its own batches, into a buffer of
     * its own, and steps on them when the previous batch's step has returned, so only the model (785 floats) moves
     * between cores, not the 200 KB batch, and one core gathers while the other steps (13.6-19.9 ms, against
     * 20.4-25.1 for the one-thread loop run with two threads, whose gathering nothing overlaps). The same updates
     * in the same order either way.
     *
     * <p>Measured before (2-core AVX-512 VM, one epoch): two threads taking turns 24-26 ms (each gather 36 us with
     * both cores gathering, each step 9.7 us with the model coming from the other core). What this replaced, batches
     * gathered 16 at a time on both threads and stepped on by one, took 33 ms: a step on a batch the other core had
     * gathered took 23 us instead of 6.5. A ring before it, one thread handing each batch to the other, took 21-124
     * ms with its waits.
     */
    private double logregMinibatch() {
        MinibatchSetup s = MinibatchSetup.create();
        int batches = s.batches();
        int threads = Parallel.threads();
        if (threads == 1) {
            return perCall(() -> {
                int[] order = s.shuffle();
                for (int b = 0; b < batches; b++) {
                    int[] rows = s.rows(order, b);
                    Tensor loss = unfused ? logregLoss(s.model(), s.x().indexSelect(0, rows),
                            s.y().indexSelect(0, rows)) : s.loss(rows);
                    s.optimizer().zeroGrad();
                    loss.backward();
                    s.optimizer().step();
                }
            }, 1, 1);
        }
        Batch[] buffers = new Batch[threads];
        for (int i = 0; i < threads; i++) {
            buffers[i] = Batch.of(MinibatchSetup.BATCH, 784);
        }
        return perCall(() -> {
            int[] order = s.shuffle();
            Turns.run(threads, batches, b -> s.fill(order, b, buffers[b % threads]), current -> {
                Tensor loss = logregLoss(s.model(), Tensor.of(current.x()), Tensor.of(current.y()));
                s.optimizer().zeroGrad();
                loss.backward();
                s.optimizer().step();
            });
        }, 1, 1);
    }

    /** mlp's data, model, loss, optimizer and loader, the same for the timed and the phased epochs. */
    record MlpSetup(Sequential model, CrossEntropyLoss criterion, SGD optimizer, DataLoader loader) {
        static MlpSetup create() {
            RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
            int rows = 60000;
            NDArray allX = normal(rows, 784, random);
            NDArray labels = NDArray.zeros(DType.FLOAT32, Shape.of(rows, 1));
            for (int i = 0; i < rows; i++) {
                labels.set(i, random.nextInt(10));
            }
            Random init = new Random(0);
            Sequential model = new Sequential(new Linear(784, 256, init), new ReLU(), new Linear(256, 10, init));
            // each batch gathered in the step, as torch_bench.py does. A DataLoader worker gathering ahead on the
            // second core made the two-thread epoch slower, not faster: 278-296 ms against 243-261 (medians of 7
            // epochs, alternating in one JVM, fifteenth session), as it competes with the kernel worker for that core
            return new MlpSetup(model, new CrossEntropyLoss(), new SGD(model.parameters(), 0.01),
                    new DataLoader(new TensorDataset(allX, labels), 128, true, 0, false));
        }
    }

    /**
     * torch_bench.py's mlp epoch written as a user would: {@link Sequential}, {@link CrossEntropyLoss}, {@link SGD}
     * and a shuffling {@link DataLoader}, whose batches the loop does not keep, so it lets the loader gather them
     * into reused arrays ({@link DataLoader#iterator(int, boolean)}; PyTorch's allocator hands its new batches warm
     * memory too). The gather of a batch: 72-75 us against 100-106 into new arrays (`--phases`, two runs each).
     */
    private double mlp() {
        MlpSetup s = MlpSetup.create();
        return perCall(() -> {
            for (java.util.Iterator<DataLoader.Batch> it = s.loader().iterator(0, true); it.hasNext(); ) {
                DataLoader.Batch b = it.next();
                Tensor loss = s.criterion().forward(s.model().forward(b.x()), b.y());
                s.optimizer().zeroGrad();
                loss.backward();
                s.optimizer().step();
            }
        }, 1, 1);
    }

    /** Seconds to read logreg-big's X once: a sum over it, split over the threads as the fused op splits rows. */
    private static double readX() {
        NDArray x = normal(100000, 1000, RandomGenerator.of("L64X128MixRandom"));
        float[] v = x.floats();
        double[] sink = new double[Parallel.threads()];
        return perCall(() -> {
            int parts = Parallel.threads();
            Parallel.forEach(parts, part -> {
                int start = Parallel.start(v.length, parts, part);
                sink[part] += Kernels.get().sum(v, start, Parallel.start(v.length, parts, part + 1) - start);
            });
        }, 10, 2);
    }

    private static double sgemm(int size) {
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        float[] a = new float[size * size];
        float[] b = new float[size * size];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat();
            b[i] = random.nextFloat();
        }
        NDArray x = NDArray.of(a, Shape.of(size, size));
        NDArray y = NDArray.of(b, Shape.of(size, size));
        return perCall(() -> MatMul.matmul(x, y), 5, 1);
    }
}
