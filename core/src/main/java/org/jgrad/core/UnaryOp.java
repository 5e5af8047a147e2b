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
        void kernel(Kernels k, float[] a, float[] out, int n) {
            k.mulScalar(a, 0, -1f, out, 0, n);
        }
    },
    EXP("exp") {
        @Override
        public double apply(double x) {
            return Math.exp(x);
        }

        @Override
        void kernel(Kernels k, float[] a, float[] out, int n) {
            k.exp(a, 0, out, 0, n);
        }
    },
    LOG("log") {
        @Override
        public double apply(double x) {
            return Math.log(x);
        }

        @Override
        void kernel(Kernels k, float[] a, float[] out, int n) {
            k.log(a, 0, out, 0, n);
        }
    },
    SIGMOID("sigmoid") {
        @Override
        public double apply(double x) {
            return 1.0 / (1.0 + Math.exp(-x));
        }

        @Override
        void kernel(Kernels k, float[] a, float[] out, int n) {
            k.sigmoid(a, 0, out, 0, n);
        }
    },
    RELU("relu") {
        @Override
        public double apply(double x) {
            return x > 0 ? x : 0.0;
        }

        @Override
        void kernel(Kernels k, float[] a, float[] out, int n) {
            k.relu(a, 0, out, 0, n);
        }
    },
    /** 1 where x > 0, else 0: the derivative of relu. */
    STEP("step") {
        @Override
        public double apply(double x) {
            return x > 0 ? 1.0 : 0.0;
        }
    };

    private final String label;

    UnaryOp(String label) {
        this.label = label;
    }

    /** The function itself, in double precision. */
    public abstract double apply(double x);

    /** float32 loop {@code out[i] = apply(a[i])}; ops with a Vector API kernel override it. */
    void kernel(Kernels k, float[] a, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = (float) apply(a[i]);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
