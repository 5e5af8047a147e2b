package org.jgrad.autograd;


/**
 * Anomaly detection: when on, every recorded op checks its forward result and its gradients for NaN or infinity
 * and throws naming the op that first produced one. Off by default (it costs a pass over every result).
 */
public final class Anomaly {
    private static volatile boolean enabled;

    private Anomaly() {
    }

    /** Turns anomaly detection on or off for all threads. */
    public static void detectAnomaly(boolean on) {
        enabled = on;
    }

    public static boolean isEnabled() {
        return enabled;
    }

    static void checkForward(Function f, Tensor out) {
        if (enabled && out.data().hasNonFinite()) {
            throw new ArithmeticException("anomaly: forward of " + f.opName() + " produced NaN or infinity (output "
                    + out.shape() + ")");
        }
    }

    static void checkBackward(Function f, Tensor[] grads) {
        if (!enabled) {
            return;
        }
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] != null && grads[i].data().hasNonFinite()) {
                throw new ArithmeticException("anomaly: " + f.name() + " returned NaN or infinity in the gradient "
                        + "of input " + i + " (shape " + grads[i].shape() + ")");
            }
        }
    }
}
