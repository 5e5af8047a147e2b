package org.jgrad.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where an example prints ({@code log}), where it writes its pictures ({@code out}), and whether it runs at
 * reduced size ({@code quick}: less data, fewer iterations; for tests and a first look).
 */
public record ExampleRun(PrintWriter log, Path out, boolean quick) {

    /** The path of the picture {@code fileName} in the output directory. */
    public Path picture(String fileName) {
        return out.resolve(fileName);
    }

    /** Prints one formatted line (Locale.ROOT, so decimals always use a point). */
    public void printf(String format, Object... args) {
        log.println(String.format(Locale.ROOT, format, args));
        log.flush();
    }

    /** A number as a reader writes it: {@code 33}, {@code 0.4}, {@code -0.8} (at most 6 significant digits). */
    public static String num(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
