package org.jgrad.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.examples.plot.Charts;
import org.jgrad.examples.plot.HeatMapGrid;
import org.jgrad.models.Classifier;
import org.jgrad.models.Trainer;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.FashionMnist;
import org.jgrad.models.data.ImageShape;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.Scaler;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.data.TorchGenerator;
import org.jgrad.models.nn.Conv2d;
import org.jgrad.models.nn.Sequential;
import org.jgrad.models.optim.Adam;
import org.knowm.xchart.XYChart;

/**
 * Images want convolutions: Fashion-MNIST learned by the README's MLP (784-128-10, ReLU) and by the benchmark's
 * CNN (two 5 x 5 convolutions with ReLU and 2 x 2 max pooling, then one linear layer), side by side with the same
 * schedule (Adam 1e-3, batches of 64, seed 42, pixels / 255), test accuracy after every epoch. Seed 42 is
 * {@code torch.manual_seed(42)} ({@link TorchGenerator}): each network starts from the weights PyTorch gives it and
 * sees the batches of {@code torch.randperm(60000).split(64)}, drawn from the same generator after the
 * initialisation, as in docs/examples/torch_fashion_cnn.py. A convolution slides
 * one small filter over the whole image, so what it learns at one place it knows everywhere; the pictures show the
 * 16 filters the first layer learned (5 x 5 weights each) and what they make of one test image (16 maps of 28 x 28,
 * after ReLU). {@code --quick}: the first 2000 training and 500 test images, two epochs.
 */
public final class ConvolutionalNet implements Example {

    @Override
    public String name() {
        return "ConvolutionalNet";
    }

    @Override
    public String summary() {
        return "Fashion-MNIST: an MLP against a CNN (test accuracy per epoch), the CNN's 16 learned 5x5 filters and "
                + "one image's feature maps";
    }

    @Override
    public List<Path> run(ExampleRun run) throws Exception {
        FashionMnist all = FashionMnist.load();
        int epochs = run.quick() ? 2 : 5;
        LabeledData train = run.quick() ? first(all.train(), 2000) : all.train();
        LabeledData test = run.quick() ? first(all.test(), 500) : all.test();
        Scaler pixels = Scaler.divide(255);
        TorchGenerator mlpSeed = new TorchGenerator(42);
        Classifier mlp = Classifier.mlp(784, new int[] {128}, "relu", FashionMnist.CLASSES, pixels, mlpSeed);
        TorchGenerator cnnSeed = new TorchGenerator(42);
        Classifier cnn = Classifier.cnn(ImageShape.FASHION_MNIST, FashionMnist.CLASSES, pixels, cnnSeed);
        run.printf("%d training and %d test images, %d epochs, Adam 1e-3, batches of 64", train.rows(), test.rows(),
                epochs);
        double[][] accuracy = {train(run, "MLP 784-128-10", mlp, mlpSeed, train, test, epochs),
            train(run, "CNN (conv 5x5 x16, pool, conv 5x5 x32, pool, linear)", cnn, cnnSeed, train, test, epochs)};

        XYChart chart = Charts.lines("Fashion-MNIST test accuracy, MLP against CNN", "epoch", "test accuracy (%)");
        double[] x = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            x[e] = e + 1;
        }
        Charts.line(chart, "MLP 784-128-10", x, accuracy[0], Charts.CLASS_0);
        Charts.line(chart, "CNN", x, accuracy[1], Charts.CLASS_1);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        Path curves = Charts.save(chart, run.picture("fashion_mlp_vs_cnn.png"));

        Conv2d first = (Conv2d) ((Sequential) cnn.network()).get(0);
        Path filters = HeatMapGrid.save("The 16 filters of the first convolution (5 x 5 weights; red +, blue -)",
                planes(first.weight().data()), names("filter", 16), 6, true, HeatMapGrid.DIVERGING,
                run.picture("cnn_filters.png"));
        NDArray image = pixels.transform(first(test, 1).x());
        NDArray maps;
        try (var noGrad = GradMode.noGrad()) {
            maps = first.forward(Tensor.of(FashionMnist.images(image))).relu().data();
        }
        List<double[][]> shown = new ArrayList<>(planes(maps));
        shown.addFirst(planes(FashionMnist.images(image)).getFirst());
        List<String> shownNames = new ArrayList<>(names("map", 16));
        shownNames.addFirst("input");
        String label = FashionMnist.CLASSES.get((int) test.y().get(0));
        Path features = HeatMapGrid.save("Test image 0 (" + label + ") and its 16 maps after conv 1 and ReLU",
                shown, shownNames, 6, false,
                HeatMapGrid.SEQUENTIAL, run.picture("cnn_feature_maps.png"));
        return List.of(curves, filters, features);
    }

    /**
     * Trains one epoch at a time, each in the order {@code generator.randperm} draws (the generator that initialised
     * {@code c}), printing and returning the test accuracy (%) after each.
     */
    private static double[] train(ExampleRun run, String name, Classifier c, TorchGenerator generator,
            LabeledData raw, LabeledData test, int epochs) {
        LabeledData data = c.scaler().transform(raw);
        DataLoader loader = new DataLoader(new TensorDataset(c.inputs(data.x()), data.y()), 64, true, generator,
                false);
        Trainer trainer = new Trainer(c.network(), c.loss(), new Adam(c.network().parameters(), 1e-3));
        double[] accuracy = new double[epochs];
        run.printf("%s:", name);
        for (int e = 0; e < epochs; e++) {
            long start = System.nanoTime();
            double loss = trainer.fit(loader, 1, Trainer.Listener.NONE).getFirst();
            double seconds = (System.nanoTime() - start) / 1e9;
            accuracy[e] = 100 * c.accuracy(test);
            run.printf("  epoch %d  loss %.4f  test accuracy %.2f%%  (%.1f s)", e + 1, loss, accuracy[e], seconds);
        }
        return accuracy;
    }

    private static LabeledData first(LabeledData d, int rows) {
        return d.select(java.util.stream.IntStream.range(0, Math.min(rows, d.rows())).toArray());
    }

    /** The {@code (h, w)} planes of an {@code (a, b, h, w)} array, in order. */
    private static List<double[][]> planes(NDArray a) {
        Shape s = a.shape();
        int h = s.dim(2);
        int w = s.dim(3);
        List<double[][]> out = new ArrayList<>();
        for (int p = 0; p < s.dim(0) * s.dim(1); p++) {
            double[][] plane = new double[h][w];
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    plane[r][c] = a.get((p * h + r) * w + c);
                }
            }
            out.add(plane);
        }
        return out;
    }

    private static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(String.format(Locale.ROOT, "%s %d", prefix, i));
        }
        return out;
    }
}
