package org.jgrad.core;

import org.jgrad.core.kernels.Kernels;

/**
 * An elementwise function of one number. {@link #apply} is the definition (double precision, every dtype);
 * {@link #kernel} is the float32 fast path, defaulting to a loop over {@link #apply}.
 */
public enum UnaryOp {
    NEG("neg") {
        @Override
        public double apply(double x) {
            return -x;
        }

        @Override
        void kernel(Kernels k, float[] a, int off, float[] out, int n) {
            k.mulScalar(a, off, -1f, out, off, n);
        }
    },
    EXP("exp") {
        @Override
        public double apply(double x) {
            return Math.exp(x);
        }

        @Override
        void kernel(Kernels k, float[] a, int off, float[] out, int n) {
            k.exp(a, off, out, off, n);
        }
    },
    LOG("log") {
        @Override
        public double apply(double x) {
            return Math.log(x);
        }

        @Override
        void kernel(Kernels k, float[] a, int off, float[] out, int n) {
            k.log(a, off, out, off, n);
        }
    },
    SIGMOID("sigmoid") {
        @Override
        public double apply(double x) {
            return 1.0 / (1.0 + Math.exp(-x));
        }

        @Override
        void kernel(Kernels k, float[] a, int off, float[] out, int n) {
            k.sigmoid(a, off, out, off, n);
        }
    },
    /** {@code max(x, 0)}; NaN stays NaN (as in PyTorch, and as the float32 kernels do). */
    RELU("relu") {
        @Override
        public double apply(double x) {
            return Math.max(x, 0.0);
        }

        @Override
        void kernel(Kernels k, float[] a, int off, float[] out, int n) {
            k.relu(a, off, out, off, n);
        }
    },
    /** 1 where x > 0, else 0: the derivative of relu. */
    STEP("step") {
        @Override
        public double apply(double x) {
            return x > 0 ? 1.0 : 0.0;
        }
    },
    SQRT("sqrt") {
        @Override
        public double apply(double x) {
            return Math.sqrt(x);
        }
    },
    ABS("abs") {
        @Override
        public double apply(double x) {
            return Math.abs(x);
        }
    },
    /** -1, 0 or 1: the derivative of abs (0 at 0, as in PyTorch). */
    SIGN("sign") {
        @Override
        public double apply(double x) {
            return Math.signum(x);
        }
    },
    TANH("tanh") {
        @Override
        public double apply(double x) {
            return Math.tanh(x);
        }
    },
    /** {@code log(1 + e^x)} in the stable form {@code max(x, 0) + log1p(e^-|x|)}. */
    SOFTPLUS("softplus") {
        @Override
        public double apply(double x) {
            return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        }
    },
    /** {@code log(sigma(x)) = -softplus(-x)} in the stable form {@code min(x, 0) - log1p(e^-|x|)}. */
    LOG_SIGMOID("logSigmoid") {
        @Override
        public double apply(double x) {
            return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
        }
    };

    private final String label;

    UnaryOp(String label) {
        this.label = label;
    }

    /** The function itself, in double precision. */
    public abstract double apply(double x);

    /**
     * float32 loop {@code out[i] = apply(a[i])} for {@code off <= i < off + n}; ops with a Vector API kernel override
     * it.
     */
    void kernel(Kernels k, float[] a, int off, float[] out, int n) {
        for (int i = off; i < off + n; i++) {
            out[i] = (float) apply(a[i]);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
