package org.jgrad.examples.cli;

import java.io.PrintWriter;
import java.util.Iterator;
import org.jgrad.autograd.Tensor;
import org.jgrad.models.data.DataLoader;
import org.jgrad.models.nn.Linear;

/**
 * {@code jgrad bench --phases mlp logreg-minibatch}: the bench's epochs with every step cut into phases
 * ({@link StepPhases}), after untimed warm-up epochs ({@link Warmup}). mlp's layers run as {@link org.jgrad.models.nn.Sequential}
 * runs them (the first Linear and the ReLU as one op). Its backward pass is cut where the gradient of each
 * intermediate tensor is complete (hooks on the logits and on the first layer's output), so each backward phase is
 * one op's rule plus the engine's work around it.
 */
final class PhasedWorkloads {
    private PhasedWorkloads() {
    }

    static void mlp(PrintWriter out) {
        // a hook sees the gradient it is given, so the engine no longer owns it and does not give it back to the
        // array pool (ArrayPool): the two hooks that time the backward rules cost one new 128 KB array a batch
        out.println("# mlp phases: the hooks that time the backward rules keep dL/da out of the array pool, so the"
                + " rules allocate one 128 KB array a batch more than the plain epoch (jgrad bench mlp)");
        BenchCommand.MlpSetup s = BenchCommand.MlpSetup.create();
        Linear first = (Linear) s.model().get(0);
        Linear second = (Linear) s.model().get(2);
        StepPhases phases = new StepPhases(s.loader().batches(), "gather batch (reused)",
                "linear 1 + relu forward", "linear 2 forward", "cross-entropy forward", "zeroGrad",
                "backward: sort + loss rule", "backward: linear 2 rule", "backward: linear 1 + relu rule",
                "SGD step");
        Runnable epoch = () -> {
            Iterator<DataLoader.Batch> batches = s.loader().iterator(0, true);
            while (batches.hasNext()) {
                phases.begin();
                DataLoader.Batch b = batches.next();
                b.x(); // the rows are copied out when first read
                b.y();
                phases.end();
                Tensor a = first.forwardRelu(b.x());   // what Sequential runs for Linear, ReLU
                phases.end();
                Tensor z = second.forward(a);
                phases.end();
                Tensor loss = s.criterion().forward(z, b.y());
                phases.end();
                s.optimizer().zeroGrad();
                phases.end();
                for (Tensor t : new Tensor[] {z, a}) {
                    t.registerHook(g -> {
                        phases.end();
                        return null;
                    });
                }
                loss.backward();
                phases.end();
                s.optimizer().step();
                phases.end();
            }
        };
        run(out, "mlp", phases, epoch);
    }

    static void logregMinibatch(PrintWriter out) {
        if (org.jgrad.core.kernels.Parallel.threads() > 1) {
            // the timed two-thread epoch takes turns (Turns), whose phases overlap across the threads
            out.println("# logreg-minibatch phases: the one-thread loop, whatever --threads says (with more threads"
                    + " the timed epoch takes turns, each thread gathering its own batches into a buffer)");
        }
        BenchCommand.MinibatchSetup s = BenchCommand.MinibatchSetup.create();
        StepPhases phases = new StepPhases(s.batches(), "batch's row indices", "fused loss, rows gathered",
                "zeroGrad", "backward", "SGD step");
        Runnable epoch = () -> {
            int[] order = s.shuffle();
            for (int b = 0; b < s.batches(); b++) {
                phases.begin();
                int[] rows = s.rows(order, b);
                phases.end();
                Tensor loss = s.loss(rows);
                phases.end();
                s.optimizer().zeroGrad();
                phases.end();
                loss.backward();
                phases.end();
                s.optimizer().step();
                phases.end();
            }
        };
        run(out, "logreg-minibatch", phases, epoch);
    }

    private static void run(PrintWriter out, String name, StepPhases phases, Runnable epoch) {
        Warmup.run(() -> {
            phases.startEpoch();
            epoch.run();
        }, 2);
        phases.startEpoch();
        long start = System.nanoTime();
        epoch.run();
        phases.print(out, name, (System.nanoTime() - start) / 1e6);
    }
}
