package org.jgrad.core.kernels;

import static org.jgrad.core.kernels.Summation.BLOCK;
import static org.jgrad.core.kernels.Summation.LANES;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code sum}, {@code dot} and {@code dots} on the Vector API, in {@link Summation}'s order: 64 logical lanes
 * whatever the width. The 64 lanes are covered in passes of four vectors ({@code GROUP}: one pass on 512-bit
 * vectors, two on 256, four on 128), so that every width runs the same loop with four independent accumulators
 * per row; with more than one pass, the passes go over one {@link Summation#BLOCK} at a time, which stays in L1
 * between them, and at 512 bits the lanes never leave registers.
 *
 * <p>The last, partial chunk of 64 elements is read as whole vectors, from the array itself when it has room for
 * the whole chunk (the next row's values, say) or else from a zero-padded copy of the chunk, and the lanes at or past
 * the end are blended back to their accumulators: they see no operation at all, as in the scalar kernel. No load is
 * masked, because a masked load that runs past an array's end leaves the JIT's fast path (measured: a dot of 1000
 * elements of arrays that end with it took 500 ns; with the copy, 160: JMH VectorKernelBench.dot, n = 1000).
 */
final class VectorReductions {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    /** Lanes per pass of sum and dot: four vectors. */
    private static final int GROUP = 4 * L;
    /**
     * The length from which dots at 512 bits run two rows per load of {@code a} even where one row at a time could
     * keep its lanes in registers: a row of {@code a} past 24 KB (half of the 48 KB L1 measured here) no longer
     * stays in L1 beside the stream of {@code b}, and each row read it again from L2. logreg-cat's X (209 x 12288)
     * by CPU time, one thread: the dots 0.34-0.37 against 0.25-0.30 ms; 2048 ran faster one row at a time, 4096
     * alike, 8192 faster two at a time.
     */
    static final int TWO_ROWS_FROM = 6144;
    /** float64 vectors of the same size, for sum's totals. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());
    private static final int DL = D.length();

    // lane j of v.rearrange(SHIFT_h) is lane j + h of v: the tree's levels inside one vector (only h < L is used)
    private static final VectorShuffle<Float> SHIFT_8 = VectorShuffle.iota(S, 8, 1, true);
    private static final VectorShuffle<Float> SHIFT_4 = VectorShuffle.iota(S, 4, 1, true);
    private static final VectorShuffle<Float> SHIFT_2 = VectorShuffle.iota(S, 2, 1, true);
    private static final VectorShuffle<Float> SHIFT_1 = VectorShuffle.iota(S, 1, 1, true);
    private static final VectorShuffle<Double> DSHIFT_4 = VectorShuffle.iota(D, 4, 1, true);
    private static final VectorShuffle<Double> DSHIFT_2 = VectorShuffle.iota(D, 2, 1, true);
    private static final VectorShuffle<Double> DSHIFT_1 = VectorShuffle.iota(D, 1, 1, true);

    private VectorReductions() {
    }

    static float sum(float[] a, int ao, int n) {
        if (n <= LANES) {
            return Summation.shortSum(a, ao, n);
        }
        double[] total = new double[LANES];
        float[] lanes = new float[LANES];
        int full = n - n % LANES;
        for (int b0 = 0; b0 < n; b0 += BLOCK) {
            int b1 = Math.min(full, b0 + BLOCK);
            for (int g = 0; g < LANES; g += GROUP) {
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = FloatVector.zero(S);
                FloatVector s2 = FloatVector.zero(S);
                FloatVector s3 = FloatVector.zero(S);
                for (int c = b0; c < b1; c += LANES) {
                    int i = ao + c + g;
                    s0 = s0.add(FloatVector.fromArray(S, a, i));
                    s1 = s1.add(FloatVector.fromArray(S, a, i + L));
                    s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * L));
                    s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * L));
                }
                s0.intoArray(lanes, g);
                s1.intoArray(lanes, g + L);
                s2.intoArray(lanes, g + 2 * L);
                s3.intoArray(lanes, g + 3 * L);
            }
            // the block's float32 lanes into the float64 totals, the partial chunk first if this block has it; by
            // arrays, not vector arguments (see dots)
            if (b0 + BLOCK >= n && full < n) {
                sumTail(a, ao, n, lanes);
            }
            addTo(total, lanes);
        }
        // the tree: levels down to one vector in memory, then inside the vector
        for (int half = LANES >> 1; half >= DL; half >>= 1) {
            for (int j = 0; j < half; j += DL) {
                DoubleVector.fromArray(D, total, j).add(DoubleVector.fromArray(D, total, j + half)).intoArray(total, j);
            }
        }
        DoubleVector v = DoubleVector.fromArray(D, total, 0);
        if (DL > 4) {
            v = v.add(v.rearrange(DSHIFT_4));
        }
        if (DL > 2) {
            v = v.add(v.rearrange(DSHIFT_2));
        }
        if (DL > 1) {
            v = v.add(v.rearrange(DSHIFT_1));
        }
        return (float) v.lane(0);
    }

    /** {@code total[j] += lanes[j]} in float64, for the 64 lanes. */
    private static void addTo(double[] total, float[] lanes) {
        for (int j = 0; j < LANES; j += L) {
            FloatVector s = FloatVector.fromArray(S, lanes, j);
            for (int part = 0; part < 2; part++) {
                int to = j + part * DL;
                DoubleVector d = (DoubleVector) s.convertShape(VectorOperators.F2D, D, part);
                d.add(DoubleVector.fromArray(D, total, to)).intoArray(total, to);
            }
        }
    }

    /** {@code sum}'s partial last chunk added to its 64 float32 lanes, as {@link #tail} does for a dot product. */
    private static void sumTail(float[] a, int ao, int n, float[] lanes) {
        int t = n % LANES;
        int full = n - t;
        float[] ta = tailArray(a, ao, full, n);
        int oa = tailOffset(a, ao, full, n);
        for (int v = 0; v < t; v += L) {
            FloatVector s = FloatVector.fromArray(S, lanes, v);
            s.blend(s.add(FloatVector.fromArray(S, ta, oa + v)), below(t - v)).intoArray(lanes, v);
        }
    }

    /** {@code dot}: the chunks of 64 in passes of four vectors, the last partial chunk by {@link #tail}, the tree. */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        if (GROUP == LANES && hasRoom(a, ao, n) && hasRoom(b, bo, n)) {
            return dotInRegisters(a, ao, b, bo, n);
        }
        float[] p = new float[LANES];
        int full = n - n % LANES;
        int block = blockFor(full);
        for (int b0 = 0; b0 < full; b0 += block) {
            int b1 = Math.min(full, b0 + block);
            // at 512 bits a dot is one block, so every pass is a first one
            boolean first = GROUP == LANES || b0 == 0;
            for (int g = 0; g < LANES; g += GROUP) {
                FloatVector s0 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g);
                FloatVector s1 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g + L);
                FloatVector s2 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g + 2 * L);
                FloatVector s3 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g + 3 * L);
                for (int c = b0; c < b1; c += LANES) {
                    int i = c + g;
                    s0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s0);
                    s1 = FloatVector.fromArray(S, a, ao + i + L).fma(FloatVector.fromArray(S, b, bo + i + L), s1);
                    s2 = FloatVector.fromArray(S, a, ao + i + 2 * L)
                            .fma(FloatVector.fromArray(S, b, bo + i + 2 * L), s2);
                    s3 = FloatVector.fromArray(S, a, ao + i + 3 * L)
                            .fma(FloatVector.fromArray(S, b, bo + i + 3 * L), s3);
                }
                s0.intoArray(p, g);
                s1.intoArray(p, g + L);
                s2.intoArray(p, g + 2 * L);
                s3.intoArray(p, g + 3 * L);
            }
        }
        if (full < n) {
            tail(a, ao, b, bo, n, p, 0);
        }
        return combine(p, 0);
    }

    /**
     * {@link #dot} at 512 bits when both arrays have room for the last chunk: the 64 lanes stay in four registers
     * from the first chunk to the tree, the partial chunk is read in place and its lanes at or past the end are
     * blended back (no operation at all on them), and nothing is allocated. The fused logistic step reads each row
     * of X through this: 37-44 ns per row of 1000 in L1, where the general path's lane array, tail and tree in memory
     * took 73-75, and a pass over logreg-big's 400 MB X 16-17 ms against 20-23 (one thread, AVX-512 EPYC, CPU time).
     * The masks are built from a {@code long} in place, not returned by a helper, which would box them if C2 left it
     * out of line.
     */
    private static float dotInRegisters(float[] a, int ao, float[] b, int bo, int n) {
        int full = n - n % LANES;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        for (int c = 0; c < full; c += LANES) {
            s0 = FloatVector.fromArray(S, a, ao + c).fma(FloatVector.fromArray(S, b, bo + c), s0);
            s1 = FloatVector.fromArray(S, a, ao + c + L).fma(FloatVector.fromArray(S, b, bo + c + L), s1);
            s2 = FloatVector.fromArray(S, a, ao + c + 2 * L).fma(FloatVector.fromArray(S, b, bo + c + 2 * L), s2);
            s3 = FloatVector.fromArray(S, a, ao + c + 3 * L).fma(FloatVector.fromArray(S, b, bo + c + 3 * L), s3);
        }
        int t = n - full;
        if (t > 0) {
            int i = full;
            s0 = s0.blend(FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s0),
                    VectorMask.fromLong(S, lanesBelow(t)));
            if (t > L) {
                i += L;
                s1 = s1.blend(FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s1),
                        VectorMask.fromLong(S, lanesBelow(t - L)));
            }
            if (t > 2 * L) {
                i += L;
                s2 = s2.blend(FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s2),
                        VectorMask.fromLong(S, lanesBelow(t - 2 * L)));
            }
            if (t > 3 * L) {
                i += L;
                s3 = s3.blend(FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), s3),
                        VectorMask.fromLong(S, lanesBelow(t - 3 * L)));
            }
        }
        return tree(s0, s1, s2, s3);
    }

    /**
     * {@link #dotInRegisters} for a length that is a whole number of 64-lane chunks: its loop without the tail, so
     * that the method is small enough for C2 to inline into dots' loop over rows and one row's tree overlaps the next
     * row's loads. logreg-digits' 288 rows of 64: 1.5-1.7 us against 3.2-3.6 per call of dots, the same bits. (The
     * loop is written twice on purpose: dotInRegisters needs the four accumulators for its tail, and a helper that
     * returned them would box them.)
     */
    private static float dotOfChunks(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        for (int c = 0; c < n; c += LANES) {
            s0 = FloatVector.fromArray(S, a, ao + c).fma(FloatVector.fromArray(S, b, bo + c), s0);
            s1 = FloatVector.fromArray(S, a, ao + c + L).fma(FloatVector.fromArray(S, b, bo + c + L), s1);
            s2 = FloatVector.fromArray(S, a, ao + c + 2 * L).fma(FloatVector.fromArray(S, b, bo + c + 2 * L), s2);
            s3 = FloatVector.fromArray(S, a, ao + c + 3 * L).fma(FloatVector.fromArray(S, b, bo + c + 3 * L), s3);
        }
        return tree(s0, s1, s2, s3);
    }

    /**
     * {@link #dots} at 256 bits for rows whose last, partial chunk can be read in place: each row's 64 lanes in eight
     * registers from its first chunk to its tree, whose first three levels add registers four, two and one apart
     * ({@link #combine}'s pairs, which the general path takes in memory). The partial chunk's vectors are blended
     * back past the row's end, as in {@link #dotInRegisters}. The loop over rows is in here, because a method for
     * one row (428 bytes of bytecode) was too big for C2 to inline into dots, and its calls ran at 8.1-8.3 us a step.
     * Under {@code -XX:UseAVX=2}, four alternating pairs of {@code jgrad bench} each: logreg-digits' step 4.2-4.5 us
     * against 8.1-9.5 through the general path (lanes stored to an array, the tree taken in memory), and
     * logreg-cat's (rows of 12288, where 512 bits go two rows at a time) 0.307-0.325 ms against 0.343-0.359: two rows
     * at a time would need sixteen accumulators, all of AVX2's registers.
     */
    private static void dotsInRegisters8(float[] a, int ao, float[] b, int bo, int rows, int n, float[] c, int co) {
        int full = n - n % LANES;
        int t = n - full;
        for (int j = 0; j < rows; j++) {
            int r = bo + j * n;
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector s3 = FloatVector.zero(S);
            FloatVector s4 = FloatVector.zero(S);
            FloatVector s5 = FloatVector.zero(S);
            FloatVector s6 = FloatVector.zero(S);
            FloatVector s7 = FloatVector.zero(S);
            for (int i = 0; i < full; i += LANES) {
                s0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, r + i), s0);
                s1 = FloatVector.fromArray(S, a, ao + i + L).fma(FloatVector.fromArray(S, b, r + i + L), s1);
                s2 = FloatVector.fromArray(S, a, ao + i + 2 * L).fma(FloatVector.fromArray(S, b, r + i + 2 * L), s2);
                s3 = FloatVector.fromArray(S, a, ao + i + 3 * L).fma(FloatVector.fromArray(S, b, r + i + 3 * L), s3);
                s4 = FloatVector.fromArray(S, a, ao + i + 4 * L).fma(FloatVector.fromArray(S, b, r + i + 4 * L), s4);
                s5 = FloatVector.fromArray(S, a, ao + i + 5 * L).fma(FloatVector.fromArray(S, b, r + i + 5 * L), s5);
                s6 = FloatVector.fromArray(S, a, ao + i + 6 * L).fma(FloatVector.fromArray(S, b, r + i + 6 * L), s6);
                s7 = FloatVector.fromArray(S, a, ao + i + 7 * L).fma(FloatVector.fromArray(S, b, r + i + 7 * L), s7);
            }
            if (t > 0) {
                // the partial chunk: vector v covers lanes 8v .. 8v + 7 of it, those at or past t blended back
                int ia = ao + full;
                int ib = r + full;
                s0 = s0.blend(FloatVector.fromArray(S, a, ia).fma(FloatVector.fromArray(S, b, ib), s0),
                        VectorMask.fromLong(S, lanesBelow(t)));
                if (t > L) {
                    s1 = s1.blend(FloatVector.fromArray(S, a, ia + L).fma(FloatVector.fromArray(S, b, ib + L), s1),
                            VectorMask.fromLong(S, lanesBelow(t - L)));
                }
                if (t > 2 * L) {
                    s2 = s2.blend(FloatVector.fromArray(S, a, ia + 2 * L)
                            .fma(FloatVector.fromArray(S, b, ib + 2 * L), s2),
                            VectorMask.fromLong(S, lanesBelow(t - 2 * L)));
                }
                if (t > 3 * L) {
                    s3 = s3.blend(FloatVector.fromArray(S, a, ia + 3 * L)
                            .fma(FloatVector.fromArray(S, b, ib + 3 * L), s3),
                            VectorMask.fromLong(S, lanesBelow(t - 3 * L)));
                }
                if (t > 4 * L) {
                    s4 = s4.blend(FloatVector.fromArray(S, a, ia + 4 * L)
                            .fma(FloatVector.fromArray(S, b, ib + 4 * L), s4),
                            VectorMask.fromLong(S, lanesBelow(t - 4 * L)));
                }
                if (t > 5 * L) {
                    s5 = s5.blend(FloatVector.fromArray(S, a, ia + 5 * L)
                            .fma(FloatVector.fromArray(S, b, ib + 5 * L), s5),
                            VectorMask.fromLong(S, lanesBelow(t - 5 * L)));
                }
                if (t > 6 * L) {
                    s6 = s6.blend(FloatVector.fromArray(S, a, ia + 6 * L)
                            .fma(FloatVector.fromArray(S, b, ib + 6 * L), s6),
                            VectorMask.fromLong(S, lanesBelow(t - 6 * L)));
                }
                if (t > 7 * L) {
                    s7 = s7.blend(FloatVector.fromArray(S, a, ia + 7 * L)
                            .fma(FloatVector.fromArray(S, b, ib + 7 * L), s7),
                            VectorMask.fromLong(S, lanesBelow(t - 7 * L)));
                }
            }
            c[co + j] = tree(s0.add(s4), s1.add(s5), s2.add(s6), s3.add(s7));
        }
    }

    /**
     * Two rows of whole 64-lane chunks, {@code b[bo ..]} and {@code b[bo + n ..]}, against {@code a}, into
     * {@code c[co]} and {@code c[co + 1]}: each load of {@code a} serves both rows. A method of its own, as
     * {@link #dotOfChunks}: inside dots' two-row loop the trees' calls with vector arguments were not inlined and
     * boxed their vectors, and logreg-cat's step took 3.5-8 ms instead of 0.3 in {@code ./jgrad bench} (not in a
     * harness calling the step alone, where C2 inlined them).
     */
    private static void dotPairOfChunks(float[] a, int ao, float[] b, int bo, int n, float[] c, int co) {
        int r1 = bo + n;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s02 = FloatVector.zero(S);
        FloatVector s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s12 = FloatVector.zero(S);
        FloatVector s13 = FloatVector.zero(S);
        for (int i = 0; i < n; i += LANES) {
            FloatVector x0 = FloatVector.fromArray(S, a, ao + i);
            FloatVector x1 = FloatVector.fromArray(S, a, ao + i + L);
            FloatVector x2 = FloatVector.fromArray(S, a, ao + i + 2 * L);
            FloatVector x3 = FloatVector.fromArray(S, a, ao + i + 3 * L);
            s00 = x0.fma(FloatVector.fromArray(S, b, bo + i), s00);
            s10 = x0.fma(FloatVector.fromArray(S, b, r1 + i), s10);
            s01 = x1.fma(FloatVector.fromArray(S, b, bo + i + L), s01);
            s11 = x1.fma(FloatVector.fromArray(S, b, r1 + i + L), s11);
            s02 = x2.fma(FloatVector.fromArray(S, b, bo + i + 2 * L), s02);
            s12 = x2.fma(FloatVector.fromArray(S, b, r1 + i + 2 * L), s12);
            s03 = x3.fma(FloatVector.fromArray(S, b, bo + i + 3 * L), s03);
            s13 = x3.fma(FloatVector.fromArray(S, b, r1 + i + 3 * L), s13);
        }
        c[co] = tree(s00, s01, s02, s03);
        c[co + 1] = tree(s10, s11, s12, s13);
    }

    /** The bits of the lanes {@code j < count} of a mask ({@code count} may be past the vector's length). */
    private static long lanesBelow(int count) {
        return count >= L ? (1L << L) - 1 : (1L << count) - 1;
    }

    /**
     * Whether the last, partial chunk of 64 elements of {@code x[xo .. xo+n)} can be read as whole vectors in place
     * (it has none, or the array goes on for the whole chunk).
     */
    private static boolean hasRoom(float[] x, int xo, int n) {
        int full = n - n % LANES;
        return full == n || xo + full + LANES <= x.length;
    }

    /**
     * {@code c[co + j] = a[ao ..] . b[bo + j n ..]} over n elements for {@code j < rows}, each row in {@link #dot}'s
     * operations and order. Rows whose last, partial chunk can be read in place from both arrays
     * ({@link #rowsWithRoom}: all but perhaps the last few) keep their lanes in registers: at 512 bits rows shorter
     * than {@link #TWO_ROWS_FROM} one at a time ({@link #dotOfChunks} for whole 64-lane chunks, else
     * {@link #dotInRegisters}), longer rows of whole chunks two at a time ({@link #dotPairOfChunks}); at 256 bits
     * one at a time in eight registers ({@link #dotsInRegisters8}). The rest (at 128 bits all of them, at 512 bits
     * longer rows with a partial chunk, and everywhere a last row that ends its array inside its last chunk, say a
     * batch's last row) two rows of {@code b} at a time, four
     * accumulators each: eight independent FMA chains that share the four vectors of {@code a} (fourteen registers:
     * within AVX2's sixteen), the lanes then stored to an array, the partial chunk added by {@link #tail} and the
     * trees taken from the array; an odd last row is one {@link #dot}. The paths that keep their lanes in registers
     * to the end are methods of their own: this method reached C2's node budget (NodeCountInliningCutoff) before it
     * had inlined everything, and a call left with vector arguments boxes them (measured 5 to 100 times slower);
     * calls whose arguments are arrays cost a few nanoseconds. (The general path stays in here: moved to a method
     * of its own, it left dots small enough for C2 to inline into its callers, and logreg-digits' step at 512 bits
     * took 4.1 us against 3.85, medians of eight alternating pairs.)
     */
    static void dots(float[] a, int ao, float[] b, int bo, int rows, int n, float[] c, int co) {
        if (n == 0) {
            java.util.Arrays.fill(c, co, co + rows, 0f);
            return;
        }
        // the rows done in registers; the general path below takes the rest
        int done = 0;
        if (GROUP == LANES && n < TWO_ROWS_FROM) {
            // one row at a time: a's loads hit L1, and one stream through b ran faster than two, in L1 (37-44
            // against 42-71 ns per row of 1000) and from memory; a longer a than TWO_ROWS_FROM goes two rows at a
            // time below
            done = rowsWithRoom(a, ao, b, bo, rows, n);
            if (n % LANES == 0) {
                for (int j = 0; j < done; j++) {
                    c[co + j] = dotOfChunks(a, ao, b, bo + j * n, n);
                }
            } else {
                for (int j = 0; j < done; j++) {
                    c[co + j] = dotInRegisters(a, ao, b, bo + j * n, n);
                }
            }
        } else if (L == 8) {
            done = rowsWithRoom(a, ao, b, bo, rows, n);
            dotsInRegisters8(a, ao, b, bo, done, n, c, co);
        } else if (GROUP == LANES && n % LANES == 0) {
            // long rows of whole chunks at 512 bits (every row has room)
            int j = 0;
            for (; j + 2 <= rows; j += 2) {
                dotPairOfChunks(a, ao, b, bo + j * n, n, c, co + j);
            }
            if (j < rows) {
                c[co + j] = dotOfChunks(a, ao, b, bo + j * n, n);
            }
            return;
        }
        // the rows without room (all of them at 128 bits); one such row is one dot, without the lanes of two
        if (done == rows) {
            return;
        }
        if (rows - done == 1) {
            c[co + done] = dot(a, ao, b, bo + done * n, n);
            return;
        }
        int full = n - n % LANES;
        float[] p = new float[2 * LANES];
        int block = blockFor(full);
        int j = done;
        for (; j + 2 <= rows; j += 2) {
            int r0 = bo + j * n;
            int r1 = r0 + n;
            for (int b0 = 0; b0 < full; b0 += block) {
                int b1 = Math.min(full, b0 + block);
                boolean first = GROUP == LANES || b0 == 0;
                for (int g = 0; g < LANES; g += GROUP) {
                    // the first block starts from zero, later ones from the lanes the last one left in p
                    int q = LANES + g;
                    FloatVector s00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g);
                    FloatVector s01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g + L);
                    FloatVector s02 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g + 2 * L);
                    FloatVector s03 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, g + 3 * L);
                    FloatVector s10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, q);
                    FloatVector s11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, q + L);
                    FloatVector s12 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, q + 2 * L);
                    FloatVector s13 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, p, q + 3 * L);
                    for (int ch = b0; ch < b1; ch += LANES) {
                        int i = ch + g;
                        FloatVector x0 = FloatVector.fromArray(S, a, ao + i);
                        FloatVector x1 = FloatVector.fromArray(S, a, ao + i + L);
                        FloatVector x2 = FloatVector.fromArray(S, a, ao + i + 2 * L);
                        FloatVector x3 = FloatVector.fromArray(S, a, ao + i + 3 * L);
                        s00 = x0.fma(FloatVector.fromArray(S, b, r0 + i), s00);
                        s10 = x0.fma(FloatVector.fromArray(S, b, r1 + i), s10);
                        s01 = x1.fma(FloatVector.fromArray(S, b, r0 + i + L), s01);
                        s11 = x1.fma(FloatVector.fromArray(S, b, r1 + i + L), s11);
                        s02 = x2.fma(FloatVector.fromArray(S, b, r0 + i + 2 * L), s02);
                        s12 = x2.fma(FloatVector.fromArray(S, b, r1 + i + 2 * L), s12);
                        s03 = x3.fma(FloatVector.fromArray(S, b, r0 + i + 3 * L), s03);
                        s13 = x3.fma(FloatVector.fromArray(S, b, r1 + i + 3 * L), s13);
                    }
                    s00.intoArray(p, g);
                    s01.intoArray(p, g + L);
                    s02.intoArray(p, g + 2 * L);
                    s03.intoArray(p, g + 3 * L);
                    s10.intoArray(p, q);
                    s11.intoArray(p, q + L);
                    s12.intoArray(p, q + 2 * L);
                    s13.intoArray(p, q + 3 * L);
                }
            }
            if (full == 0) {
                java.util.Arrays.fill(p, 0f);
            }
            if (full < n) {
                tail(a, ao, b, r0, n, p, 0);
                tail(a, ao, b, r1, n, p, LANES);
            }
            c[co + j] = combine(p, 0);
            c[co + j + 1] = combine(p, LANES);
        }
        if (j < rows) {
            c[co + j] = dot(a, ao, b, bo + j * n, n);
        }
    }

    /**
     * How many rows of {@code b}, from the first, have room to read their last, partial chunk in place, with
     * {@code a} too: all when n is a whole number of chunks, none when {@code a} has no room; rows further on
     * in {@code b} have less room, so they are a prefix.
     */
    private static int rowsWithRoom(float[] a, int ao, float[] b, int bo, int rows, int n) {
        int full = n - n % LANES;
        if (full == n) {
            return rows;
        }
        if (!hasRoom(a, ao, n)) {
            return 0;
        }
        long spare = (long) b.length - bo - full - LANES;
        return spare < 0 ? 0 : (int) Math.min(rows, spare / n + 1);
    }

    /**
     * The last, partial chunk of a dot product of length {@code n} (its {@code t = n mod 64} elements from
     * {@code full = n - t}), added to the 64 lanes at {@code p[off ..]}: whole vectors from where there is room (the
     * arrays, or copies, {@link #tailArray}), the lanes at or past {@code t} blended back, so that they see no
     * operation at all, as in the scalar kernel.
     */
    private static void tail(float[] a, int ao, float[] b, int bo, int n, float[] p, int off) {
        int t = n % LANES;
        int full = n - t;
        float[] ta = tailArray(a, ao, full, n);
        int oa = tailOffset(a, ao, full, n);
        float[] tb = tailArray(b, bo, full, n);
        int ob = tailOffset(b, bo, full, n);
        for (int v = 0; v < t; v += L) {
            FloatVector s = FloatVector.fromArray(S, p, off + v);
            FloatVector sum = FloatVector.fromArray(S, ta, oa + v).fma(FloatVector.fromArray(S, tb, ob + v), s);
            s.blend(sum, below(t - v)).intoArray(p, off + v);
        }
    }

    /** The lanes {@code j < count} of a vector ({@code count} may be negative or past its length). */
    private static VectorMask<Float> below(int count) {
        int c = Math.max(0, Math.min(L, count));
        return VectorMask.fromLong(S, (1L << c) - 1);
    }

    /**
     * Elements per block of a dot product: at 512 bits the whole length (the lanes never leave registers), else
     * {@link Summation#BLOCK}, so that the passes over a block's groups of lanes find it in L1.
     */
    private static int blockFor(int n) {
        return GROUP == LANES ? Math.max(LANES, n) : BLOCK;
    }

    /**
     * Where the last, partial chunk of 64 elements of {@code x[xo ..]} (those from {@code full} to {@code n}) can be
     * read as whole vectors: {@code x} itself when it has room for the whole chunk, else a zero-padded copy. Plain
     * loads, because a masked load that runs past an array's end leaves the JIT's fast path (it costs hundreds of
     * nanoseconds); the copy costs a few tens, once per array that ends inside its last chunk.
     */
    private static float[] tailArray(float[] x, int xo, int full, int n) {
        if (hasRoom(x, xo, n)) {
            return x;
        }
        float[] copy = new float[LANES];
        System.arraycopy(x, xo + full, copy, 0, n - full);
        return copy;
    }

    /** The offset in {@link #tailArray}'s result where the last chunk starts. */
    private static int tailOffset(float[] x, int xo, int full, int n) {
        return hasRoom(x, xo, n) ? xo + full : 0;
    }

    /**
     * {@link Summation}'s tree of the 64 lanes at {@code p[off ..]}, in place: the levels that pair lanes a vector or
     * more apart as vector additions in memory, the rest inside one vector by lane shifts. Each level adds the same
     * pairs as the scalar tree. The shifts are written out here rather than shared with {@link #tree}: a call to a
     * method with a vector argument that C2 leaves out of line (its node budget, measured at 256 bits in dots)
     * boxes the vector.
     */
    private static float combine(float[] p, int off) {
        for (int half = LANES >> 1; half >= L; half >>= 1) {
            for (int j = 0; j < half; j += L) {
                FloatVector.fromArray(S, p, off + j).add(FloatVector.fromArray(S, p, off + j + half))
                        .intoArray(p, off + j);
            }
        }
        FloatVector v = FloatVector.fromArray(S, p, off);
        if (L > 8) {
            v = v.add(v.rearrange(SHIFT_8));
        }
        if (L > 4) {
            v = v.add(v.rearrange(SHIFT_4));
        }
        if (L > 2) {
            v = v.add(v.rearrange(SHIFT_2));
        }
        v = v.add(v.rearrange(SHIFT_1));
        return v.lane(0);
    }

    /** {@link #combine}'s levels at 512 bits on the four vectors of 64 lanes in registers (dots' fast path). */
    private static float tree(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        FloatVector v = v0.add(v2).add(v1.add(v3));
        if (L > 8) {
            v = v.add(v.rearrange(SHIFT_8));
        }
        if (L > 4) {
            v = v.add(v.rearrange(SHIFT_4));
        }
        if (L > 2) {
            v = v.add(v.rearrange(SHIFT_2));
        }
        v = v.add(v.rearrange(SHIFT_1));
        return v.lane(0);
    }
}
