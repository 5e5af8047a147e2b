package org.jgrad.core;

import org.jgrad.core.kernels.Kernels;

/**
 * An elementwise function of two numbers. {@link #apply} is the definition (in double precision) and serves every
 * dtype; {@link #kernel} is the float32 fast path, which defaults to a loop over {@link #apply}.
 */
public enum BinaryOp {
    ADD("add") {
        @Override
        public double apply(double x, double y) {
            return x + y;
        }

        @Override
        void kernel(Kernels k, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
            k.add(a, ao, b, bo, out, oo, n);
        }

        @Override
        boolean scalarKernel(Kernels k, float[] a, float s, float[] out, int n) {
            k.addScalar(a, 0, s, out, 0, n);
            return true;
        }
    },
    SUB("sub") {
        @Override
        public double apply(double x, double y) {
            return x - y;
        }

        @Override
        void kernel(Kernels k, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
            k.sub(a, ao, b, bo, out, oo, n);
        }

        @Override
        boolean scalarKernel(Kernels k, float[] a, float s, float[] out, int n) {
            k.addScalar(a, 0, -s, out, 0, n);
            return true;
        }
    },
    MUL("mul") {
        @Override
        public double apply(double x, double y) {
            return x * y;
        }

        @Override
        void kernel(Kernels k, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
            k.mul(a, ao, b, bo, out, oo, n);
        }

        @Override
        boolean scalarKernel(Kernels k, float[] a, float s, float[] out, int n) {
            k.mulScalar(a, 0, s, out, 0, n);
            return true;
        }
    },
    DIV("div") {
        @Override
        public double apply(double x, double y) {
            return x / y;
        }

        @Override
        void kernel(Kernels k, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
            k.div(a, ao, b, bo, out, oo, n);
        }
    },
    POW("pow") {
        @Override
        public double apply(double x, double y) {
            return Math.pow(x, y);
        }
    },
    MAXIMUM("maximum") {
        @Override
        public double apply(double x, double y) {
            return Math.max(x, y);
        }
    },
    MINIMUM("minimum") {
        @Override
        public double apply(double x, double y) {
            return Math.min(x, y);
        }
    },
    /** 1 where x > y, else 0 (comparisons give masks of 1s and 0s in the operands' dtype). */
    GT("gt") {
        @Override
        public double apply(double x, double y) {
            return x > y ? 1.0 : 0.0;
        }
    },
    GE("ge") {
        @Override
        public double apply(double x, double y) {
            return x >= y ? 1.0 : 0.0;
        }
    },
    LT("lt") {
        @Override
        public double apply(double x, double y) {
            return x < y ? 1.0 : 0.0;
        }
    },
    LE("le") {
        @Override
        public double apply(double x, double y) {
            return x <= y ? 1.0 : 0.0;
        }
    },
    EQ("eq") {
        @Override
        public double apply(double x, double y) {
            return x == y ? 1.0 : 0.0;
        }
    },
    NE("ne") {
        @Override
        public double apply(double x, double y) {
            return x != y ? 1.0 : 0.0;
        }
    };

    private final String label;

    BinaryOp(String label) {
        this.label = label;
    }

    /** The function itself, in double precision. */
    public abstract double apply(double x, double y);

    /** float32 loop {@code out[i] = apply(a[i], b[i])}; ops with a Vector API kernel override it. */
    void kernel(Kernels k, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) apply(a[ao + i], b[bo + i]);
        }
    }

    /** float32 loop {@code out[i] = apply(a[i], s)} when a kernel exists for it; false otherwise. */
    boolean scalarKernel(Kernels k, float[] a, float s, float[] out, int n) {
        return false;
    }

    @Override
    public String toString() {
        return label;
    }
}
