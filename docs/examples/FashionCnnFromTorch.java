import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.NDArray;
import org.jgrad.models.Classifier;
import org.jgrad.models.Trainer;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.data.FashionMnist;
import org.jgrad.models.data.ImageShape;
import org.jgrad.models.data.LabeledData;
import org.jgrad.models.data.Scaler;
import org.jgrad.models.data.TensorDataset;
import org.jgrad.models.nn.CrossEntropyLoss;
import org.jgrad.models.optim.Adam;

/**
 * The Fashion-MNIST CNN of {@code train --model cnn} (Adam 1e-3, batches of 64, pixels / 255), in one of two ways:
 *
 * <pre>
 * FILE.safetensors [EPOCHS]   from PyTorch's initial weights and batch orders (torch_fashion_cnn_export.py), printing
 *                             the loss at the steps that script prints and the test accuracy per epoch
 * jgrad SEED [EPOCHS]         from jgrad's own, exactly as the command line draws them for --seed SEED
 * </pre>
 *
 * Run from the project root after a build ({@code ./jgrad --help} builds):
 * {@code java --add-modules jdk.incubator.vector -cp "examples/target/classes:$(cat examples/target/jgrad.classpath)"
 * docs/examples/FashionCnnFromTorch.java /tmp/torch42.safetensors}
 */
public class FashionCnnFromTorch {
    public static void main(String[] args) throws Exception {
        boolean own = args[0].equals("jgrad");
        int given = own ? 2 : 1;
        int epochs = args.length > given ? Integer.parseInt(args[given]) : 5;
        FashionMnist data = FashionMnist.load();
        Scaler pixels = Scaler.divide(255);
        LabeledData train = pixels.transform(data.train());
        if (own) {
            long seed = Long.parseLong(args[1]);
            Classifier c = Classifier.cnn(ImageShape.FASHION_MNIST, FashionMnist.CLASSES, pixels, new Random(seed));
            DataLoader loader = new DataLoader(new TensorDataset(c.inputs(train.x()), train.y()), 64, true, seed, false);
            Trainer trainer = new Trainer(c.network(), c.loss(), new Adam(c.network().parameters(), 1e-3));
            for (int e = 0; e < epochs; e++) {
                long start = System.nanoTime();
                double loss = trainer.fit(loader, 1, Trainer.Listener.NONE).getFirst();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("epoch %d test accuracy %.2f%% (%.1f s) mean loss %.4f%n", e + 1,
                        100 * c.accuracy(data.test()), seconds, loss);
            }
            return;
        }
        Map<String, NDArray> file = org.jgrad.models.io.Safetensors.read(Path.of(args[0])).tensors();
        Classifier c = Classifier.cnn(ImageShape.FASHION_MNIST, FashionMnist.CLASSES, pixels, new Random(0));
        Map<String, NDArray> weights = new LinkedHashMap<>(file);
        weights.keySet().removeIf(k -> k.startsWith("perm"));
        c.network().loadStateDict(weights);
        NDArray x = c.inputs(train.x());
        Adam adam = new Adam(c.network().parameters(), 1e-3);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        int step = 0;
        for (int e = 0; e < epochs; e++) {
            long start = System.nanoTime();
            c.network().train();
            NDArray order = file.get("perm" + e);
            for (int from = 0; from < order.size(); from += 64) {
                int[] rows = new int[Math.min(64, order.size() - from)]; // the last batch keeps its 32 rows
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = (int) order.get(from + i);
                }
                Tensor loss = ce.forward(c.network().forward(Tensor.of(TensorDataset.gatherRows(x, rows))),
                        Tensor.of(TensorDataset.gatherRows(train.y(), rows)));
                adam.zeroGrad();
                loss.backward();
                adam.step();
                step++;
                if (step == 1 || step == 2 || step == 3 || step == 10 || step == 100 || step == 1000 || step % 938 == 0) {
                    System.out.printf("step %d loss %.6f%n", step, loss.data().get(0));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            c.network().eval();
            System.out.printf("epoch %d test accuracy %.2f%% (%.1f s)%n", e + 1, 100 * c.accuracy(data.test()), seconds);
        }
    }
}
