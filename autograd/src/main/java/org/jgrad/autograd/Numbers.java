package org.jgrad.autograd;

/** How numbers are written in graphs and explanations: {@code 3} for whole numbers, else four significant digits. */
public final class Numbers {
    private Numbers() {
    }

    /** {@code 3.0 -> "3"}, {@code -0.268941 -> "-0.2689"}, {@code 1.5e-7 -> "1.5e-07"}. */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(java.util.Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s.replaceFirst("\\.?0+e", "e");
        }
        return s.contains(".") ? s.replaceFirst("\\.?0+$", "") : s;
    }
}
