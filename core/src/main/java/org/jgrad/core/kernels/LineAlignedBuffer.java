package org.jgrad.core.kernels;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * A float[] whose data, from a known index on, starts on a 64-byte cache line, for buffers that kernels reuse: the
 * matrix product's packed strips and {@link org.jgrad.core.LogisticStep}'s weights and gradient sums. The product's
 * strips of B are the case measured: the micro-kernel loads them a whole vector at a time, and a 512-bit load that
 * straddles two lines costs two. Java does not say where an array lies, and the product's buffers landed at any
 * multiple of 8 bytes: a 2048^3 product at 512 bits ran 133-149 GFLOP/s with its strips at the other seven offsets
 * of a line and 149-160 at the aligned one (an Intel Xeon, four JVMs, one thread; a harness moving the strips' start
 * by 0-14 floats).
 *
 * <p>What is known: HotSpot's G1 collector puts an array of at least half a heap region (a "humongous" object) at the
 * start of a region, a power of two of at least 1 MB, and does not move it; and, with compressed class pointers and
 * without compact object headers (HotSpot's defaults), a float[]'s data begins 16 bytes after the array's start. So
 * such an array, {@link #size} floats or more, has a line at index {@link #OFFSET} (12). Where the JVM says otherwise
 * (another collector, other headers, regions of more than 8 MB, or no HotSpot diagnostic bean), {@link #OFFSET} is 0
 * and the array is as large as asked: the product is as fast as before, no slower, and its results never depend on
 * where the data lies.
 */
public final class LineAlignedBuffer {
    /** The index of the first float on a 64-byte line in an array of {@link #size} floats; 0 when unknown. */
    public static final int OFFSET;
    /** The fewest floats an array must hold to be placed at a region's start; 0 when unknown. */
    private static final int HUMONGOUS_FLOATS;

    static {
        int offset = 0;
        int humongous = 0;
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            long region = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
            boolean g1 = Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue());
            boolean compressedClasses = Boolean.parseBoolean(vm.getVMOption("UseCompressedClassPointers").getValue());
            boolean compactHeaders = Boolean.parseBoolean(vm.getVMOption("UseCompactObjectHeaders").getValue());
            if (g1 && compressedClasses && !compactHeaders && region >= 1 << 20 && region <= 8 << 20) {
                // data at 16 bytes past a region's start: 12 floats more reach the next 64-byte line
                offset = (64 - 16) / Float.BYTES;
                humongous = (int) (region / 2 / Float.BYTES) + 1;
            }
        } catch (RuntimeException | LinkageError e) {
            // no such bean or option on this JVM: unaligned, as any array
        }
        OFFSET = offset;
        HUMONGOUS_FLOATS = humongous;
    }

    private LineAlignedBuffer() {
    }

    /** How many floats to allocate for {@code floats} usable ones from {@link #OFFSET} on. */
    public static int size(int floats) {
        return Math.max(OFFSET + floats, HUMONGOUS_FLOATS);
    }

    /** A new array with {@code floats} usable floats from {@link #OFFSET} on. */
    public static float[] allocate(int floats) {
        return new float[size(floats)];
    }
}
