package org.jgrad.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jgrad.autograd.Graph;
import org.jgrad.autograd.Tensor;
import org.jgrad.core.ArrayPool;
import org.jgrad.core.DType;
import org.jgrad.core.NDArray;
import org.jgrad.core.Shape;
import org.jgrad.models.optim.SGD;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Sequential} marks the results passed between two of its built-in layers
 * ({@link Tensor#releaseAfterBackward()}), and a backward pass that frees the graph gives their arrays back to
 * {@link ArrayPool} once it is done with them. Training gives the same bits as the layers called one by one (which
 * marks nothing); a released tensor's values cannot be read; a retained or traced pass, a retained grad, a hook,
 * small results, a user's module and a leaf sharing the array keep them; an array that a view shares is given back
 * once.
 */
class ReleasedIntermediatesTest {
    @BeforeEach
    void start() {
        ArrayPool.setEnabled(true);
        ArrayPool.setBackground(false);
        ArrayPool.clear();
    }

    @AfterEach
    void end() {
        ArrayPool.setBackground(true);
        ArrayPool.clear();
    }

    private static Tensor images(Random data, int n) {
        float[] pixels = new float[n * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) data.nextGaussian();
        }
        return Tensor.of(NDArray.of(pixels, Shape.of(n, 1, 28, 28)));
    }

    private static Tensor labels(Random data, int n) {
        NDArray labels = NDArray.zeros(DType.FLOAT32, Shape.of(n, 1));
        for (int i = 0; i < n; i++) {
            labels.set(i, data.nextInt(10));
        }
        return Tensor.of(labels);
    }

    /** The tensors of root's graph that were made by an op, root first, inputs before the ops that made them. */
    private static List<Tensor> intermediates(Tensor root) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t = root; t != null && t.gradFn() != null; ) {
            out.add(t);
            Tensor next = null;
            for (Tensor in : t.gradFn().inputs()) {
                if (in.gradFn() != null) {
                    next = in;
                }
            }
            t = next;
        }
        return out;
    }

    /** Four SGD steps of the benchmark's CNN on batches of 8; whole Sequential, or its layers called one by one. */
    private static float[][] train(boolean whole, List<Tensor> released) {
        Sequential model = Cnn.of(1, 28, 28, 10, new Random(0));
        SGD optimizer = new SGD(model.parameters(), 0.05);
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        Random data = new Random(11);
        for (int step = 0; step < 4; step++) {
            Tensor x = images(data, 8);
            Tensor logits = x;
            if (whole) {
                logits = model.forward(x);
            } else {
                for (Module layer : model.layers()) {
                    logits = layer.forward(logits);
                }
            }
            Tensor loss = criterion.forward(logits, labels(data, 8));
            List<Tensor> inside = intermediates(logits);
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            for (Tensor t : inside) {
                if (t.isReleased()) {
                    released.add(t);
                }
            }
        }
        return ArrayPoolTrainingTest.values(model);
    }

    @Test
    void theCnnTrainsToTheSameBitsAsItsLayersCalledOneByOne() {
        List<Tensor> released = new ArrayList<>();
        float[][] whole = train(true, released);
        // per step: conv1's output (8 x 16 x 28 x 28), the first pooling-and-relu's (8 x 16 x 14 x 14, one op),
        // conv2's output (8 x 32 x 14 x 14); the second pooling-and-relu's and Flatten's view of it (8 x 32 x 7 x 7
        // = 12,544) are below MIN_LENGTH
        assertThat(released).hasSize(4 * 3);
        assertThat(released).allSatisfy(t -> assertThat(t.size()).isGreaterThanOrEqualTo(ArrayPool.MIN_LENGTH));
        List<Tensor> none = new ArrayList<>();
        float[][] byLayer = train(false, none);
        assertThat(none).isEmpty();
        for (int p = 0; p < whole.length; p++) {
            assertThat(whole[p]).as("parameter %d", p).isEqualTo(byLayer[p]);
        }
    }

    @Test
    void aReleasedTensorsValuesCannotBeReadButItsShapeAndGraphCanBeShown() {
        Sequential model = Cnn.of(1, 28, 28, 10, new Random(0));
        Random data = new Random(3);
        Tensor logits = model.forward(images(data, 8));
        Tensor loss = new CrossEntropyLoss().forward(logits, labels(data, 8));
        Tensor conv1 = intermediates(logits).getLast();
        assertThat(conv1.gradFn().opName()).isEqualTo("conv2d");
        assertThat(conv1.data().floats()).isNotNull();
        loss.backward();
        assertThat(conv1.isReleased()).isTrue();
        assertThat(conv1.shape()).isEqualTo(Shape.of(8, 16, 28, 28));
        assertThatThrownBy(conv1::data).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(8, 16, 28, 28) intermediate (made by conv2d)")
                .hasMessageContaining("released after backward")
                .hasMessageContaining("backward(null, true, false)");
        assertThatThrownBy(conv1::detach).isInstanceOf(IllegalStateException.class);
        assertThat(conv1.toString()).startsWith("tensor(released");
        assertThat(Graph.toDot(loss)).contains("data released");
        // the loss, the logits and the parameters are not intermediates between two layers
        assertThat(loss.isReleased()).isFalse();
        assertThat(logits.isReleased()).isFalse();
        assertThat(model.parameters()).noneMatch(Tensor::isReleased);
    }

    /** The values of conv1's output after a backward run by {@code pass}, against a fresh forward's. */
    private interface Pass {
        void run(Tensor loss, Tensor conv1);
    }

    private static void keeps(Pass pass) {
        Sequential model = Cnn.of(1, 28, 28, 10, new Random(0));
        Random data = new Random(5);
        Tensor x = images(data, 8);
        Tensor y = labels(data, 8);
        Tensor logits = model.forward(x);
        Tensor loss = new CrossEntropyLoss().forward(logits, y);
        Tensor conv1 = intermediates(logits).getLast();
        float[] before = conv1.data().floats().clone();
        pass.run(loss, conv1);
        assertThat(conv1.isReleased()).isFalse();
        // the pool handed nothing of conv1's length out since: take two of that length and the values are intact
        NDArray.zeros(DType.FLOAT32, conv1.shape());
        NDArray.zeros(DType.FLOAT32, conv1.shape());
        assertThat(conv1.data().floats()).isEqualTo(before);
    }

    @Test
    void aRetainedGraphATracedPassARetainedGradAndAHookKeepTheValues() {
        keeps((loss, conv1) -> loss.backward(null, true, false));
        keeps((loss, conv1) -> Graph.trace(loss));
        keeps((loss, conv1) -> {
            conv1.retainGrad();
            loss.backward();
        });
        keeps((loss, conv1) -> {
            conv1.registerHook(g -> g);
            loss.backward();
        });
        keeps((loss, conv1) -> loss.backward(null, false, true));
    }

    @Test
    void withThePoolOffNothingIsReleased() {
        ArrayPool.setEnabled(false);
        keeps((loss, conv1) -> loss.backward());
    }

    @Test
    void resultsUnderThePoolsLeastLengthAreKept() {
        Sequential model = new Sequential(new Linear(4, 3, new Random(1)), new Sigmoid(), new Linear(3, 1,
                new Random(2)));
        Tensor out = model.forward(Tensor.of(new float[][] {{1, 2, 3, 4}, {0, -1, 2, 5}}));
        Tensor hidden = out.gradFn().inputs().getFirst();
        out.sum().backward();
        assertThat(hidden.isReleased()).isFalse();
        assertThat(hidden.data().size()).isEqualTo(6);
    }

    /** Keeps the tensors it is given and returns them unchanged: a user's module, which Sequential cannot vouch for. */
    private static final class Keeper extends Module {
        final List<Tensor> seen = new ArrayList<>();

        @Override
        public Tensor forward(Tensor input) {
            seen.add(input);
            return input.mul(1.0);
        }
    }

    @Test
    void theTensorsAroundAUsersModuleAreKept() {
        Keeper keeper = new Keeper();
        Sequential model = new Sequential(new Conv2d(1, 16, 5, 1, 2, new Random(0)), keeper, new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(16 * 14 * 14, 10, new Random(1)));
        Tensor logits = model.forward(images(new Random(2), 8));
        Tensor conv1 = keeper.seen.getFirst();
        float[] before = conv1.data().floats().clone();
        logits.sum().backward();
        assertThat(conv1.isReleased()).isFalse();
        NDArray.zeros(DType.FLOAT32, conv1.shape());
        assertThat(conv1.data().floats()).isEqualTo(before);
        // after the user's module, the pooled map between MaxPool2d and ReLU is released
        assertThat(intermediates(logits)).anyMatch(Tensor::isReleased);
    }

    @Test
    void aLeafThatSharesTheArrayKeepsIt() {
        // Flatten's output is a view of the input, which requires grad: the view is marked, the leaf is not
        Sequential model = new Sequential(new Flatten(), new Linear(4096, 2, new Random(0)));
        float[] pixels = new float[8 * 4096];
        Random data = new Random(4);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) data.nextGaussian();
        }
        Tensor x = Tensor.of(NDArray.of(pixels.clone(), Shape.of(8, 1, 64, 64))).requiresGrad(true);
        Tensor out = model.forward(x);
        Tensor flat = out.gradFn().inputs().getFirst();
        assertThat(flat.gradFn()).isNotNull();
        out.sum().backward();
        assertThat(flat.isReleased()).isFalse();
        NDArray.zeros(DType.FLOAT32, x.shape());
        NDArray.zeros(DType.FLOAT32, x.shape());
        assertThat(x.data().floats()).isEqualTo(pixels);
        assertThat(x.grad().shape()).isEqualTo(x.shape());
    }

    @Test
    void anArrayThatAViewSharesIsGivenBackOnce() {
        // relu's output and Flatten's view of it share one array of 8 x 16 x 14 x 14 floats
        Sequential model = new Sequential(new Conv2d(1, 16, 5, 1, 2, new Random(0)), new MaxPool2d(2), new ReLU(),
                new Flatten(), new Linear(16 * 14 * 14, 10, new Random(1)));
        Tensor logits = model.forward(images(new Random(6), 8));
        List<Tensor> inside = intermediates(logits);
        Tensor flat = inside.get(1);
        Tensor relu = inside.get(2);
        assertThat(flat.gradFn().opName()).isNotEqualTo("relu");
        assertThat(relu.gradFn().opName()).isEqualTo("relu");
        ArrayPool.clear();
        logits.sum().backward();
        assertThat(flat.isReleased()).isTrue();
        assertThat(relu.isReleased()).isTrue();
        // given back twice, the pool would hand the same array out twice (it keeps at most PER_LENGTH of a length)
        List<float[]> taken = new ArrayList<>();
        for (int i = 0; i < 2 * ArrayPool.PER_LENGTH; i++) {
            float[] a = NDArray.zeros(DType.FLOAT32, relu.shape()).floats();
            assertThat(taken).noneMatch(b -> b == a);
            taken.add(a);
        }
    }
}
