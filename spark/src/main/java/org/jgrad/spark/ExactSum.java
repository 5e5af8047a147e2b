package org.jgrad.spark;

import java.io.Serial;
import java.io.Serializable;

/**
 * A vector of sums that do not depend on the order of their terms: each element is a 128-bit two's-complement
 * fixed-point number with 64 fractional bits (range about +-9.2e18, resolution 2^-64, about 5.4e-20), so adding
 * is integer addition, which is associative. Spark combines partition results in the order the tasks finish and
 * {@code treeAggregate} regroups them, so float sums would change from run to run (and after a retried task); these
 * do not. A term is cut to a multiple of 2^-64 toward zero before it is added (deterministically), and a term or sum
 * outside the range, or a NaN, marks the vector {@link #overflowed()} instead of wrapping.
 *
 * <pre>{@code
 * ExactSum s = new ExactSum(2);
 * s.add(0, 0.1); s.add(0, 1e10); s.add(0, -1e10);   // element 0 is exactly the fixed-point value of 0.1
 * double v = s.get(0);
 * }</pre>
 */
public final class ExactSum implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** Terms of magnitude 2^62 or more are refused: two of them could already overflow the integer part. */
    private static final double LIMIT = 0x1p62;
    private static final double TWO_63 = 0x1p63;

    private final long[] high;
    private final long[] low;
    private boolean overflowed;

    /** {@code length} sums, all zero. */
    public ExactSum(int length) {
        this.high = new long[length];
        this.low = new long[length];
    }

    public int length() {
        return high.length;
    }

    /** Adds {@code value} to element {@code i}. */
    public void add(int i, double value) {
        if (!(Math.abs(value) < LIMIT)) {
            overflowed = true;
            return;
        }
        double whole = Math.floor(value);
        // value - whole is exact (whole holds the leading bits of value) and lies in [0, 1)
        double fraction = Math.scalb(value - whole, 64);
        long bits = fraction < TWO_63 ? (long) fraction : (long) (fraction - TWO_63) | Long.MIN_VALUE;
        long sum = low[i] + bits;
        long carry = Long.compareUnsigned(sum, low[i]) < 0 ? 1 : 0;
        low[i] = sum;
        try {
            high[i] = Math.addExact(Math.addExact(high[i], (long) whole), carry);
        } catch (ArithmeticException e) {
            overflowed = true;
        }
    }

    /** Adds every element of {@code other} to this one's (same length); returns this. */
    public ExactSum addAll(ExactSum other) {
        if (other.length() != length()) {
            throw new IllegalArgumentException("ExactSum: lengths " + length() + " and " + other.length() + " differ");
        }
        overflowed |= other.overflowed;
        for (int i = 0; i < high.length; i++) {
            long sum = low[i] + other.low[i];
            long carry = Long.compareUnsigned(sum, low[i]) < 0 ? 1 : 0;
            low[i] = sum;
            try {
                high[i] = Math.addExact(Math.addExact(high[i], other.high[i]), carry);
            } catch (ArithmeticException e) {
                overflowed = true;
            }
        }
        return this;
    }

    /** Element {@code i} rounded to a double; NaN once the vector has overflowed. */
    public double get(int i) {
        if (overflowed) {
            return Double.NaN;
        }
        long lo = low[i];
        double unsigned = lo >= 0 ? lo : ((double) ((lo >>> 1) | (lo & 1))) * 2;
        return high[i] + Math.scalb(unsigned, -64);
    }

    /** True when a term was NaN or infinite, or a term or a sum left the range. */
    public boolean overflowed() {
        return overflowed;
    }
}
