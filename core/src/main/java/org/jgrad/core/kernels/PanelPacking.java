package org.jgrad.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packing step of {@link VectorGemm}: a block of A or B copied into strips {@code width} wide, step-major, so
 * that the micro-kernel reads each strip contiguously. Packing pads edges with zeros (the kernel never branches
 * inside its loop) and absorbs transposition: op(A) and op(B) are read in whichever layout they are stored.
 *
 * <p>A strip whose values lie across rows of the source (A stored m x k, B stored n x k) is a transpose. At 256 and
 * 512 bits it runs in blocks transposed in registers, in the kernels' own species: 8 x 8 at 256 bits, 16 x 16 (B
 * strips), 12 x 16 (12-row A strips) and 8 x 16 (8-row A strips) at 512 (mlp's X W1^T, 128 x 784 x 256, packed X one source row at a time
 * before: 173 against 184 GFLOP/s for the whole product at 512 bits). Winograd's channel transposes use the same
 * blocks ({@link #transposeBlock}). An earlier transpose of A strips was reverted because C2 compiled it seconds after the
 * micro-kernel, and {@code jgrad bench sgemm-1024}, then warmed up for one second, ran at 21-35 GFLOP/s; the bench
 * now warms up until the JIT is quiet.
 */
final class PanelPacking {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    /** The int lanes of S's shape (the 512-bit transposes move float bits as ints, see {@link #swap}). */
    private static final VectorSpecies<Integer> I = VectorWidth.INTS;
    private static final int L = S.length();

    /**
     * Whether strips across rows are packed by register transposes: 8 x 8 at 256 bits ({@link #transpose8}), 16 x 16
     * and 8 x 16 at 512 ({@link #transpose16}, {@link #transpose8x16}), always in the kernels' one species S.
     */
    static final boolean REGISTER_TRANSPOSE = L == 8 || L == 16;

    // the 8 x 8 transpose at 256 bits ({@link #block8}): XORb swaps the lanes whose indices differ in bit b, BITb
    // holds the lanes with bit b set; built only where they are used. (The 512-bit transposes select from two
    // vectors with index vectors instead, one vpermt2d each; at 256 bits a two-vector select was slower still, an
    // 8 x 8 block 37-38 ns against 29-31 for the two-vector rearranges that block8 used before its blends.)
    private static final VectorShuffle<Float> XOR1 = xor(1);
    private static final VectorShuffle<Float> XOR2 = xor(2);
    private static final VectorShuffle<Float> XOR4 = xor(4);
    private static final VectorMask<Float> BIT1 = bit(1);
    private static final VectorMask<Float> BIT2 = bit(2);
    private static final VectorMask<Float> BIT4 = bit(4);
    /** Lane l takes step {@code ((l >> 1) & 1) * 4 + (l & 1) * 2 + (l >> 2)} ({@link #block4x8}). */
    private static final VectorShuffle<Float> FOUR_ROWS = L == 8
            ? VectorShuffle.fromOp(S, l -> ((l >> 1) & 1) * 4 + (l & 1) * 2 + (l >> 2)) : null;

    // the 512-bit transposes' shuffles: LOb and HIb swap bit b of the vector index with bit b of the lane (index
    // i < 16 takes lane i of the first vector, 16 + i lane i of the second); PAIR_ROWS reorders one vector. The
    // transposes move the floats' bits as ints (reinterpreted: no instruction), so that the index vectors are ints:
    // with float indices C2 converted and checked them again before every group of selects, inside the loop, and
    // spilled the rows to the stack (a 16 x 16 block 53-56 ns against 44 with int indices, a harness, one JVM;
    // packing mlp's W^T 31.5-32.6 us against 24-28, its X 15-16 against 12.5-13.5; the cnn's epoch, four
    // alternating pairs, 933-994 ms against 948-1,042)
    private static final IntVector LO0 = swap(0, false);
    private static final IntVector HI0 = swap(0, true);
    private static final IntVector LO1 = swap(1, false);
    private static final IntVector HI1 = swap(1, true);
    private static final IntVector LO2 = swap(2, false);
    private static final IntVector HI2 = swap(2, true);
    private static final IntVector LO3 = swap(3, false);
    private static final IntVector HI3 = swap(3, true);
    /** The low and the high half of a vector's lanes (A strips of half a vector, {@link #stripAlong}). */
    private static final VectorMask<Float> LOW_HALF = S.indexInRange(0, L / 2);
    private static final VectorMask<Float> HIGH_HALF = LOW_HALF.not();
    /** The first twelve lanes at 512 bits: one step of a 12-row A strip ({@link #transpose12x16}). */
    private static final VectorMask<Float> TWELVE = L == 16 ? S.indexInRange(0, 12) : null;
    private static final VectorShuffle<Float> PAIR_ROWS = L == 16
            ? VectorShuffle.fromOp(S, l -> (l & 7) << 1 | l >> 3) : null;

    private PanelPacking() {
    }

    private static VectorShuffle<Float> xor(int bit) {
        return L == 8 ? VectorShuffle.fromOp(S, l -> l ^ bit) : null;
    }

    private static VectorMask<Float> bit(int bit) {
        if (L != 8) {
            return null;
        }
        long lanes = 0;
        for (int l = 0; l < L; l++) {
            if ((l & bit) != 0) {
                lanes |= 1L << l;
            }
        }
        return VectorMask.fromLong(S, lanes);
    }

    /**
     * The index vector (of {@code selectFrom} on int lanes) that swaps bit {@code b} of the vector index with bit
     * {@code b} of the lane: of the vectors x (that bit 0) and y (1), the one with that bit 0 ({@code high} false)
     * takes lane l of x where l's bit is 0 and lane l without it of y otherwise; the other takes lane l with the bit
     * of x, or lane l of y.
     */
    private static IntVector swap(int b, boolean high) {
        if (L != 16) {
            return null;
        }
        int bit = 1 << b;
        int[] lanes = new int[16];
        for (int l = 0; l < 16; l++) {
            boolean set = (l & bit) != 0;
            lanes[l] = high ? (set ? 16 + l : l | bit) : (set ? 16 + (l & ~bit) : l);
        }
        return IntVector.fromArray(I, lanes, 0);
    }

    /**
     * Packs a block of a matrix into strips {@code width} wide, step-major: {@code dst[(s / width) * kc * width
     * + q * width + s % width] = M(s0 + s, q0 + q)} for {@code s < count}, {@code q < kc}, zeros past the edges
     * (up to the next multiple of {@code width}). {@code M(s, q)} is {@code src[q * ld + s]} when {@code alongStrip}
     * (the strip's values adjacent in memory), else {@code src[s * ld + q]}. For A, s is a row of op(A) and q its
     * depth; for B, s is a column of op(B). The strips start at {@code dst[to]}.
     */
    static void pack(float[] src, int ld, boolean alongStrip, int s0, int count, int q0, int kc, int width,
            float[] dst, int to) {
        for (int strip = 0; strip < count; strip += width) {
            int base = to + strip * kc;
            int live = Math.min(width, count - strip);
            if (live < width) {
                partialStrip(src, ld, alongStrip, s0 + strip, live, q0, kc, width, dst, base);
            } else if (alongStrip) {
                stripAlong(src, ld, q0 * ld + s0 + strip, kc, width, dst, base);
            } else {
                stripAcross(src, ld, (s0 + strip) * ld + q0, kc, width, dst, base);
            }
        }
    }

    /** A whole strip whose {@code width} values of a step are adjacent: {@code src[from + q * ld + w]}. */
    private static void stripAlong(float[] src, int ld, int from, int kc, int width, float[] dst, int base) {
        if (width == L || width == 2 * L) {
            // one or two whole vectors per step: a B strip (2L wide), or at 128 bits a 4-row A strip (L wide)
            for (int q = 0; q < kc; q++) {
                int f = from + q * ld;
                int to = base + q * width;
                FloatVector.fromArray(S, src, f).intoArray(dst, to);
                if (width == 2 * L) {
                    FloatVector.fromArray(S, src, f + L).intoArray(dst, to + L);
                }
            }
        } else if (width == 12 && L == 16) {
            // a 12-row A strip of op(A) = A^T at 512 bits: twelve adjacent values a step, a load and a store masked
            // to twelve lanes
            for (int q = 0; q < kc; q++) {
                FloatVector.fromArray(S, src, from + q * ld, TWELVE).intoArray(dst, base + q * 12, TWELVE);
            }
        } else if (2 * width == L) {
            // an A strip of op(A) = A^T half a vector wide (8 rows at 512 bits, 4 at 256): two steps a vector, the
            // first step's values by a load masked to the low half and the next step's by one masked to the high
            // half from ld - width floats further on, so that its first value lands in lane width (a second,
            // narrower species costs more, see transpose16). mlp's dZ^T (256 x 128) into 8-row strips: 13 -> 5 us at
            // 512 bits, 14 -> 7.5 at 256, against a short copy a step
            int q = 0;
            for (; q + 1 < kc; q += 2) {
                int f = from + q * ld;
                FloatVector first = FloatVector.fromArray(S, src, f, LOW_HALF);
                FloatVector second = FloatVector.fromArray(S, src, f + ld - width, HIGH_HALF);
                first.blend(second, HIGH_HALF).intoArray(dst, base + q * width);
            }
            for (; q < kc; q++) {
                System.arraycopy(src, from + q * ld, dst, base + q * width, width);
            }
        } else {
            // an A strip of op(A) = A^T of 4 rows at 512 bits (a block's last strip of at most four rows): a short
            // copy (System.arraycopy costs more than the copying here; the widths written out, as a variable one
            // measured slower)
            for (int q = 0; q < kc; q++) {
                int f = from + q * ld;
                int to = base + q * width;
                dst[to] = src[f];
                dst[to + 1] = src[f + 1];
                dst[to + 2] = src[f + 2];
                dst[to + 3] = src[f + 3];
                if (width == 8) {
                    dst[to + 4] = src[f + 4];
                    dst[to + 5] = src[f + 5];
                    dst[to + 6] = src[f + 6];
                    dst[to + 7] = src[f + 7];
                }
            }
        }
    }

    /** A whole strip whose values of a step lie across {@code width} rows: {@code src[from + w * ld + q]}. */
    private static void stripAcross(float[] src, int ld, int from, int kc, int width, float[] dst, int base) {
        if (width == 2 * L && REGISTER_TRANSPOSE) {
            // both halves of the strip (rows 0 to L - 1 and L to 2L - 1 of the source) L steps at a time, so that
            // each step's line is written whole while it is in L1 (mlp's 256 x 784 W^T at 512 bits: 38 us against 49
            // for one half over all steps and then the other, a harness, one JVM)
            int q = 0;
            for (; q + L <= kc; q += L) {
                transposeBlock(src, ld, from + q, dst, base + q * width, width, L);
                transposeBlock(src, ld, from + L * ld + q, dst, base + q * width + L, width, L);
            }
            stepsByValue(src, ld, from, q, kc, width, dst, base, width);
        } else if (width == 12 && L == 16) {
            transpose12x16(src, ld, from, kc, dst, base);
        } else if (width == 8 && L == 16) {
            transpose8x16(src, ld, from, kc, dst, base);
        } else if (width == 2 * L) {
            // a B strip from gathers of one step from L rows at a time (4-lane vectors): rows[w] = w * ld
            int[] rows = new int[L];
            for (int w = 0; w < L; w++) {
                rows[w] = w * ld;
            }
            for (int q = 0; q < kc; q++) {
                for (int v = 0; v < width; v += L) {
                    FloatVector.fromArray(S, src, from + v * ld + q, rows, 0).intoArray(dst, base + q * width + v);
                }
            }
        } else if (width == 4 && L == 8) {
            // a 4-row A strip at 256 bits, eight steps at a time by register transposes (block4x8)
            int q = 0;
            for (; q + 8 <= kc; q += 8) {
                block4x8(src, ld, from + q, dst, base + q * 4);
            }
            stepsByValue(src, ld, from, q, kc, 4, dst, base, 4);
        } else {
            // an A strip, one source row at a time (faster here than gathering: about 55 against 75 us for the
            // 128 x 784 X of mlp's first layer at 256 bits)
            // (the two widths written out: a variable stride measured slower)
            if (width == 4) {
                for (int w = 0; w < 4; w++) {
                    int row = from + w * ld;
                    for (int q = 0; q < kc; q++) {
                        dst[base + q * 4 + w] = src[row + q];
                    }
                }
            } else {
                for (int w = 0; w < width; w++) {
                    int row = from + w * ld;
                    for (int q = 0; q < kc; q++) {
                        dst[base + q * 8 + w] = src[row + q];
                    }
                }
            }
        }
    }

    /**
     * Steps {@code q0 .. kc - 1} of a strip across {@code rows} rows of the source, value by value:
     * {@code dst[to + q * stride + w] = src[from + w * ld + q]} for {@code w < rows}. The steps the register
     * transposes leave over at a strip's end (fewer than a block's).
     */
    private static void stepsByValue(float[] src, int ld, int from, int q0, int kc, int rows, float[] dst, int to,
            int stride) {
        for (int q = q0; q < kc; q++) {
            for (int w = 0; w < rows; w++) {
                dst[to + q * stride + w] = src[from + w * ld + q];
            }
        }
    }

    /** The last strip of a block, {@code live < width} rows or columns wide, padded with zeros. */
    private static void partialStrip(float[] src, int ld, boolean alongStrip, int s, int live, int q0, int kc,
            int width, float[] dst, int base) {
        if (alongStrip) {
            for (int q = 0; q < kc; q++) {
                int from = (q0 + q) * ld + s;
                int to = base + q * width;
                System.arraycopy(src, from, dst, to, live);
                java.util.Arrays.fill(dst, to + live, to + width, 0f);
            }
            return;
        }
        // whole groups of eight rows by register transposes, as in a whole strip: conv1's weight gradient (a B strip
        // of 25 of the 32 columns at 512 bits, one per patch offset, over 50,176 steps a batch) packed 1.2 M floats
        // a batch one at a time, and took 1.6 ms of the batch's 15.8
        // (groups of L rows: 8 at 256 bits, 16 at 512 where a group's step is 16 adjacent floats of the strip)
        int transposed = REGISTER_TRANSPOSE && width % L == 0 ? live / L * L : 0;
        for (int w = 0; w < transposed; w += L) {
            if (L == 16) {
                transpose16(src, ld, (s + w) * ld + q0, kc, dst, base + w, width);
            } else {
                transpose8(src, ld, (s + w) * ld + q0, kc, dst, base + w, width);
            }
        }
        // the rest of each step: zeros by whole-vector stores where the width allows, then the last live rows over
        // them
        int from = s * ld + q0;
        boolean vectorZeros = REGISTER_TRANSPOSE && width % L == 0;
        FloatVector zero = FloatVector.zero(S);
        for (int q = 0; q < kc; q++) {
            int to = base + q * width;
            if (vectorZeros) {
                for (int w = transposed; w < width; w += L) {
                    zero.intoArray(dst, to + w);
                }
            } else {
                java.util.Arrays.fill(dst, to + live, to + width, 0f);
            }
            for (int w = transposed; w < live; w++) {
                dst[to + w] = src[from + w * ld + q];
            }
        }
    }

    /**
     * One L x L block transposed in registers into {@code dst[0 .. L L)}, at 256 or 512 bits
     * ({@link #REGISTER_TRANSPOSE}): {@code dst[q L + w] = src[from + w ld + q]} for {@code w, q < L}.
     */
    static void transposeBlock(float[] src, int ld, int from, float[] dst) {
        transposeBlock(src, ld, from, dst, 0, L, L);
    }

    /**
     * One L x L block transposed in registers straight into dst, at 256 or 512 bits ({@link #REGISTER_TRANSPOSE}):
     * {@code dst[to + q stride + w] = src[from + w ld + q]} for {@code q < count} (1 to L) and {@code w < L}.
     * Reads all L x L values. Winograd's channel transposes: through a scratch block
     * ({@link #transposeBlock(float[], int, int, float[])}), the cnn's 64 images of 16 channels took 60-63 us a batch
     * against 29-34 stored straight, and its 32 channels back to planes 129-133 against 66-90 (a harness, one JVM).
     * It is as large as C2 will compile well: with masked stores (the mask a parameter), or a bias added on the way,
     * some JVMs hit C2's node count limit while inlining it and ran it 20 to 40 times slower.
     */
    static void transposeBlock(float[] src, int ld, int from, float[] dst, int to, int stride, int count) {
        if (L == 16) {
            block16(src, ld, from, dst, to, stride, count);
        } else {
            block8(src, ld, from, dst, to, stride, count);
        }
    }

    /** {@link #transposeBlock} at 512 bits: {@link #transpose16}'s four rounds, unmasked stores. */
    private static void block16(float[] src, int ld, int from, float[] dst, int to, int stride, int count) {
        IntVector r0 = FloatVector.fromArray(S, src, from).reinterpretAsInts();
        IntVector r1 = FloatVector.fromArray(S, src, from + ld).reinterpretAsInts();
        IntVector r2 = FloatVector.fromArray(S, src, from + 2 * ld).reinterpretAsInts();
        IntVector r3 = FloatVector.fromArray(S, src, from + 3 * ld).reinterpretAsInts();
        IntVector r4 = FloatVector.fromArray(S, src, from + 4 * ld).reinterpretAsInts();
        IntVector r5 = FloatVector.fromArray(S, src, from + 5 * ld).reinterpretAsInts();
        IntVector r6 = FloatVector.fromArray(S, src, from + 6 * ld).reinterpretAsInts();
        IntVector r7 = FloatVector.fromArray(S, src, from + 7 * ld).reinterpretAsInts();
        IntVector r8 = FloatVector.fromArray(S, src, from + 8 * ld).reinterpretAsInts();
        IntVector r9 = FloatVector.fromArray(S, src, from + 9 * ld).reinterpretAsInts();
        IntVector r10 = FloatVector.fromArray(S, src, from + 10 * ld).reinterpretAsInts();
        IntVector r11 = FloatVector.fromArray(S, src, from + 11 * ld).reinterpretAsInts();
        IntVector r12 = FloatVector.fromArray(S, src, from + 12 * ld).reinterpretAsInts();
        IntVector r13 = FloatVector.fromArray(S, src, from + 13 * ld).reinterpretAsInts();
        IntVector r14 = FloatVector.fromArray(S, src, from + 14 * ld).reinterpretAsInts();
        IntVector r15 = FloatVector.fromArray(S, src, from + 15 * ld).reinterpretAsInts();
        IntVector a0 = LO0.selectFrom(r0, r1);
        IntVector a1 = HI0.selectFrom(r0, r1);
        IntVector a2 = LO0.selectFrom(r2, r3);
        IntVector a3 = HI0.selectFrom(r2, r3);
        IntVector a4 = LO0.selectFrom(r4, r5);
        IntVector a5 = HI0.selectFrom(r4, r5);
        IntVector a6 = LO0.selectFrom(r6, r7);
        IntVector a7 = HI0.selectFrom(r6, r7);
        IntVector a8 = LO0.selectFrom(r8, r9);
        IntVector a9 = HI0.selectFrom(r8, r9);
        IntVector a10 = LO0.selectFrom(r10, r11);
        IntVector a11 = HI0.selectFrom(r10, r11);
        IntVector a12 = LO0.selectFrom(r12, r13);
        IntVector a13 = HI0.selectFrom(r12, r13);
        IntVector a14 = LO0.selectFrom(r14, r15);
        IntVector a15 = HI0.selectFrom(r14, r15);
        IntVector b0 = LO1.selectFrom(a0, a2);
        IntVector b2 = HI1.selectFrom(a0, a2);
        IntVector b1 = LO1.selectFrom(a1, a3);
        IntVector b3 = HI1.selectFrom(a1, a3);
        IntVector b4 = LO1.selectFrom(a4, a6);
        IntVector b6 = HI1.selectFrom(a4, a6);
        IntVector b5 = LO1.selectFrom(a5, a7);
        IntVector b7 = HI1.selectFrom(a5, a7);
        IntVector b8 = LO1.selectFrom(a8, a10);
        IntVector b10 = HI1.selectFrom(a8, a10);
        IntVector b9 = LO1.selectFrom(a9, a11);
        IntVector b11 = HI1.selectFrom(a9, a11);
        IntVector b12 = LO1.selectFrom(a12, a14);
        IntVector b14 = HI1.selectFrom(a12, a14);
        IntVector b13 = LO1.selectFrom(a13, a15);
        IntVector b15 = HI1.selectFrom(a13, a15);
        IntVector c0 = LO2.selectFrom(b0, b4);
        IntVector c4 = HI2.selectFrom(b0, b4);
        IntVector c1 = LO2.selectFrom(b1, b5);
        IntVector c5 = HI2.selectFrom(b1, b5);
        IntVector c2 = LO2.selectFrom(b2, b6);
        IntVector c6 = HI2.selectFrom(b2, b6);
        IntVector c3 = LO2.selectFrom(b3, b7);
        IntVector c7 = HI2.selectFrom(b3, b7);
        IntVector c8 = LO2.selectFrom(b8, b12);
        IntVector c12 = HI2.selectFrom(b8, b12);
        IntVector c9 = LO2.selectFrom(b9, b13);
        IntVector c13 = HI2.selectFrom(b9, b13);
        IntVector c10 = LO2.selectFrom(b10, b14);
        IntVector c14 = HI2.selectFrom(b10, b14);
        IntVector c11 = LO2.selectFrom(b11, b15);
        IntVector c15 = HI2.selectFrom(b11, b15);
        IntVector d0 = LO3.selectFrom(c0, c8);
        IntVector d8 = HI3.selectFrom(c0, c8);
        IntVector d1 = LO3.selectFrom(c1, c9);
        IntVector d9 = HI3.selectFrom(c1, c9);
        IntVector d2 = LO3.selectFrom(c2, c10);
        IntVector d10 = HI3.selectFrom(c2, c10);
        IntVector d3 = LO3.selectFrom(c3, c11);
        IntVector d11 = HI3.selectFrom(c3, c11);
        IntVector d4 = LO3.selectFrom(c4, c12);
        IntVector d12 = HI3.selectFrom(c4, c12);
        IntVector d5 = LO3.selectFrom(c5, c13);
        IntVector d13 = HI3.selectFrom(c5, c13);
        IntVector d6 = LO3.selectFrom(c6, c14);
        IntVector d14 = HI3.selectFrom(c6, c14);
        IntVector d7 = LO3.selectFrom(c7, c15);
        IntVector d15 = HI3.selectFrom(c7, c15);
        d0.reinterpretAsFloats().intoArray(dst, to);
        if (count > 1) {
            d1.reinterpretAsFloats().intoArray(dst, to + stride);
        }
        if (count > 2) {
            d2.reinterpretAsFloats().intoArray(dst, to + 2 * stride);
        }
        if (count > 3) {
            d3.reinterpretAsFloats().intoArray(dst, to + 3 * stride);
        }
        if (count > 4) {
            d4.reinterpretAsFloats().intoArray(dst, to + 4 * stride);
        }
        if (count > 5) {
            d5.reinterpretAsFloats().intoArray(dst, to + 5 * stride);
        }
        if (count > 6) {
            d6.reinterpretAsFloats().intoArray(dst, to + 6 * stride);
        }
        if (count > 7) {
            d7.reinterpretAsFloats().intoArray(dst, to + 7 * stride);
        }
        if (count > 8) {
            d8.reinterpretAsFloats().intoArray(dst, to + 8 * stride);
        }
        if (count > 9) {
            d9.reinterpretAsFloats().intoArray(dst, to + 9 * stride);
        }
        if (count > 10) {
            d10.reinterpretAsFloats().intoArray(dst, to + 10 * stride);
        }
        if (count > 11) {
            d11.reinterpretAsFloats().intoArray(dst, to + 11 * stride);
        }
        if (count > 12) {
            d12.reinterpretAsFloats().intoArray(dst, to + 12 * stride);
        }
        if (count > 13) {
            d13.reinterpretAsFloats().intoArray(dst, to + 13 * stride);
        }
        if (count > 14) {
            d14.reinterpretAsFloats().intoArray(dst, to + 14 * stride);
        }
        if (count > 15) {
            d15.reinterpretAsFloats().intoArray(dst, to + 15 * stride);
        }
    }

    /**
     * {@link #transposeBlock} at 256 bits: {@link #transpose8}'s three rounds, unmasked stores. Round b swaps bit b
     * of the row with bit b of the step, as the 512-bit rounds do, but with one-vector operations: of the rows x
     * and y whose indices differ in that bit, {@code lo = x.blend(y^, M)} and {@code hi = x^.blend(y, M)}, where
     * {@code v^} swaps the lanes whose indices differ in that bit (one {@code vpermps}) and M holds the lanes with
     * the bit set (one {@code vblendvps}). A two-vector rearrange, as before, compiled to two permutes and a blend
     * for each result: mlp's 256 x 784 W^T packed in 54 us against 68-76 (a harness, one JVM each, two JVMs).
     */
    private static void block8(float[] src, int ld, int from, float[] dst, int to, int stride, int count) {
        FloatVector r0 = FloatVector.fromArray(S, src, from);
        FloatVector r1 = FloatVector.fromArray(S, src, from + ld);
        FloatVector r2 = FloatVector.fromArray(S, src, from + 2 * ld);
        FloatVector r3 = FloatVector.fromArray(S, src, from + 3 * ld);
        FloatVector r4 = FloatVector.fromArray(S, src, from + 4 * ld);
        FloatVector r5 = FloatVector.fromArray(S, src, from + 5 * ld);
        FloatVector r6 = FloatVector.fromArray(S, src, from + 6 * ld);
        FloatVector r7 = FloatVector.fromArray(S, src, from + 7 * ld);
        // bit 0: t0 = (r0[0] r1[0] r0[2] r1[2] r0[4] r1[4] r0[6] r1[6]), t1 the same of the odd lanes
        FloatVector t0 = low(r0, r1, XOR1, BIT1);
        FloatVector t1 = high(r0, r1, XOR1, BIT1);
        FloatVector t2 = low(r2, r3, XOR1, BIT1);
        FloatVector t3 = high(r2, r3, XOR1, BIT1);
        FloatVector t4 = low(r4, r5, XOR1, BIT1);
        FloatVector t5 = high(r4, r5, XOR1, BIT1);
        FloatVector t6 = low(r6, r7, XOR1, BIT1);
        FloatVector t7 = high(r6, r7, XOR1, BIT1);
        // bit 1: u0 = (rows 0-3 of step 0 | rows 0-3 of step 4), u1 steps 1 | 5, u2 2 | 6, u3 3 | 7; u4-u7 rows 4-7
        FloatVector u0 = low(t0, t2, XOR2, BIT2);
        FloatVector u2 = high(t0, t2, XOR2, BIT2);
        FloatVector u1 = low(t1, t3, XOR2, BIT2);
        FloatVector u3 = high(t1, t3, XOR2, BIT2);
        FloatVector u4 = low(t4, t6, XOR2, BIT2);
        FloatVector u6 = high(t4, t6, XOR2, BIT2);
        FloatVector u5 = low(t5, t7, XOR2, BIT2);
        FloatVector u7 = high(t5, t7, XOR2, BIT2);
        // bit 2: step s, rows 0-3 from u(s % 4) and rows 4-7 from u(4 + s % 4), lower halves for s < 4
        low(u0, u4, XOR4, BIT4).intoArray(dst, to);
        if (count > 1) {
            low(u1, u5, XOR4, BIT4).intoArray(dst, to + stride);
        }
        if (count > 2) {
            low(u2, u6, XOR4, BIT4).intoArray(dst, to + 2 * stride);
        }
        if (count > 3) {
            low(u3, u7, XOR4, BIT4).intoArray(dst, to + 3 * stride);
        }
        if (count > 4) {
            high(u0, u4, XOR4, BIT4).intoArray(dst, to + 4 * stride);
        }
        if (count > 5) {
            high(u1, u5, XOR4, BIT4).intoArray(dst, to + 5 * stride);
        }
        if (count > 6) {
            high(u2, u6, XOR4, BIT4).intoArray(dst, to + 6 * stride);
        }
        if (count > 7) {
            high(u3, u7, XOR4, BIT4).intoArray(dst, to + 7 * stride);
        }
    }

    /** Of a round's rows x and y, the one that keeps x's lanes without the round's bit: {@link #block8}. */
    private static FloatVector low(FloatVector x, FloatVector y, VectorShuffle<Float> swap, VectorMask<Float> bit) {
        return x.blend(y.rearrange(swap), bit);
    }

    /** Of a round's rows x and y, the one that keeps y's lanes with the round's bit: {@link #block8}. */
    private static FloatVector high(FloatVector x, FloatVector y, VectorShuffle<Float> swap, VectorMask<Float> bit) {
        return x.rearrange(swap).blend(y, bit);
    }

    /**
     * Four rows of eight steps into the 32 adjacent values of a 4-row strip at 256 bits:
     * {@code dst[to + q * 4 + w] = src[from + w * ld + q]} for {@code w < 4}, {@code q < 8}. Vector v of the result
     * holds steps 2v and 2v + 1, so lane l holds row {@code l & 3} of step {@code 2v + (l >> 2)}: the step's bits
     * (s2 s1 s0) move to the vector (s2 s1) and the lane's top bit (s0), the row's bits (r1 r0) to the lane's low
     * bits. One permute of each row (FOUR_ROWS) first puts the step's bits in the lane as (s0 s2 s1); then, as in
     * {@link #block8}, a round swaps the row's bit 0 with the lane's bit 0 and one its bit 1 with the lane's bit 1.
     * mlp's 128 x 784 X in 4-row strips: 13-17 us against 37-39 one source row at a time (a harness, one JVM).
     */
    private static void block4x8(float[] src, int ld, int from, float[] dst, int to) {
        FloatVector r0 = FloatVector.fromArray(S, src, from).rearrange(FOUR_ROWS);
        FloatVector r1 = FloatVector.fromArray(S, src, from + ld).rearrange(FOUR_ROWS);
        FloatVector r2 = FloatVector.fromArray(S, src, from + 2 * ld).rearrange(FOUR_ROWS);
        FloatVector r3 = FloatVector.fromArray(S, src, from + 3 * ld).rearrange(FOUR_ROWS);
        FloatVector a0 = low(r0, r1, XOR1, BIT1);
        FloatVector a1 = high(r0, r1, XOR1, BIT1);
        FloatVector a2 = low(r2, r3, XOR1, BIT1);
        FloatVector a3 = high(r2, r3, XOR1, BIT1);
        low(a0, a2, XOR2, BIT2).intoArray(dst, to);
        low(a1, a3, XOR2, BIT2).intoArray(dst, to + 8);
        high(a0, a2, XOR2, BIT2).intoArray(dst, to + 16);
        high(a1, a3, XOR2, BIT2).intoArray(dst, to + 24);
    }

    /**
     * Eight rows of the source into eight adjacent values per step of a strip {@code stride} wide (a B strip, or
     * an 8-row A strip): {@code dst[to + q * stride + w] = src[from + w * ld + q]} for {@code w < 8},
     * {@code q < kc}. Eight steps at a time it loads 8 x 8 values and transposes them in registers in three rounds
     * ({@link #block8}: pairs, then pairs of pairs, then halves), as a BLAS packing routine does with unpack
     * instructions, at 256 bits only (S has 8 lanes there). For mlp's 256 x 784 W^T at 256 bits this packed in 82
     * us against 109 with gathers, and now in 54 (see block8).
     */
    private static void transpose8(float[] src, int ld, int from, int kc, float[] dst, int to, int stride) {
        int q = 0;
        for (; q + 8 <= kc; q += 8) {
            block8(src, ld, from + q, dst, to + q * stride, stride, 8);
        }
        stepsByValue(src, ld, from, q, kc, 8, dst, to, stride);
    }

    /**
     * {@link #transpose8} at 512 bits, sixteen rows at a time, in the kernels' own 16-lane species:
     * {@code dst[to + q * stride + w] = src[from + w * ld + q]} for {@code w < 16}, {@code q < kc}. Sixteen steps
     * at a time it loads 16 x 16 values and transposes them in four rounds of two-vector shuffles: round b swaps bit
     * b of the vector index (the row) with bit b of the lane (the step), {@code lo = LOb.selectFrom(a, b')},
     * {@code hi = HIb.selectFrom(a, b')} for the vectors a, b' whose indices differ in that bit. A second float
     * species in the JVM (8-lane vectors for these transposes, as before) made the type profiles of the Vector
     * API's shared methods bimorphic, and in about one JVM in five C2 then compiled some kernel with its vector
     * operations left as calls: 20-57 GB of boxed vectors an epoch of the cnn, epochs two to three times as long.
     */
    private static void transpose16(float[] src, int ld, int from, int kc, float[] dst, int to, int stride) {
        int q = 0;
        for (; q + 16 <= kc; q += 16) {
            block16(src, ld, from + q, dst, to + q * stride, stride, 16);
        }
        stepsByValue(src, ld, from, q, kc, 16, dst, to, stride);
    }

    /**
     * A 12-row strip at 512 bits (the 12-row register tile's A strips across rows of the source, such as mlp's X in
     * {@code X W^T}): {@code dst[to + q * 12 + w] = src[from + w * ld + q]} for {@code w < 12}, {@code q < kc}.
     * Sixteen steps at a time it runs {@link #block16}'s four rounds on the twelve rows and four zero rows (the
     * shuffles of zeros by zeros left out), in {@link #block12}, which writes up to four floats past the strip's
     * last step: {@link VectorGemm}'s buffer holds them, and the next strip, packed after this one, overwrites them.
     */
    private static void transpose12x16(float[] src, int ld, int from, int kc, float[] dst, int to) {
        int q = 0;
        for (; q + 16 <= kc; q += 16) {
            block12(src, ld, from + q, dst, to + q * 12);
        }
        stepsByValue(src, ld, from, q, kc, 12, dst, to, 12);
    }

    /**
     * Sixteen steps of {@link #transpose12x16}: {@code dst[to + q * 12 + w] = src[from + w * ld + q]} for
     * {@code w < 12}, {@code q < 16}. Each step is stored as a whole vector, its last four lanes (zeros) over the
     * first four of the next step, which the next store writes: in step order, the block writes up to four floats
     * past its last step, and its caller's buffer must hold them. (With the stores masked to twelve lanes, C1 ran out
     * of registers compiling this method in about one JVM in two, and C2 then never compiled it: 850-890 us to pack
     * mlp's X instead of 12-13.)
     */
    private static void block12(float[] src, int ld, int from, float[] dst, int to) {
        IntVector z = IntVector.zero(I);
        IntVector r0 = FloatVector.fromArray(S, src, from).reinterpretAsInts();
        IntVector r1 = FloatVector.fromArray(S, src, from + 1 * ld).reinterpretAsInts();
        IntVector r2 = FloatVector.fromArray(S, src, from + 2 * ld).reinterpretAsInts();
        IntVector r3 = FloatVector.fromArray(S, src, from + 3 * ld).reinterpretAsInts();
        IntVector r4 = FloatVector.fromArray(S, src, from + 4 * ld).reinterpretAsInts();
        IntVector r5 = FloatVector.fromArray(S, src, from + 5 * ld).reinterpretAsInts();
        IntVector r6 = FloatVector.fromArray(S, src, from + 6 * ld).reinterpretAsInts();
        IntVector r7 = FloatVector.fromArray(S, src, from + 7 * ld).reinterpretAsInts();
        IntVector r8 = FloatVector.fromArray(S, src, from + 8 * ld).reinterpretAsInts();
        IntVector r9 = FloatVector.fromArray(S, src, from + 9 * ld).reinterpretAsInts();
        IntVector r10 = FloatVector.fromArray(S, src, from + 10 * ld).reinterpretAsInts();
        IntVector r11 = FloatVector.fromArray(S, src, from + 11 * ld).reinterpretAsInts();
        IntVector a0 = LO0.selectFrom(r0, r1);
        IntVector a1 = HI0.selectFrom(r0, r1);
        IntVector a2 = LO0.selectFrom(r2, r3);
        IntVector a3 = HI0.selectFrom(r2, r3);
        IntVector a4 = LO0.selectFrom(r4, r5);
        IntVector a5 = HI0.selectFrom(r4, r5);
        IntVector a6 = LO0.selectFrom(r6, r7);
        IntVector a7 = HI0.selectFrom(r6, r7);
        IntVector a8 = LO0.selectFrom(r8, r9);
        IntVector a9 = HI0.selectFrom(r8, r9);
        IntVector a10 = LO0.selectFrom(r10, r11);
        IntVector a11 = HI0.selectFrom(r10, r11);
        IntVector b0 = LO1.selectFrom(a0, a2);
        IntVector b2 = HI1.selectFrom(a0, a2);
        IntVector b1 = LO1.selectFrom(a1, a3);
        IntVector b3 = HI1.selectFrom(a1, a3);
        IntVector b4 = LO1.selectFrom(a4, a6);
        IntVector b6 = HI1.selectFrom(a4, a6);
        IntVector b5 = LO1.selectFrom(a5, a7);
        IntVector b7 = HI1.selectFrom(a5, a7);
        IntVector b8 = LO1.selectFrom(a8, a10);
        IntVector b10 = HI1.selectFrom(a8, a10);
        IntVector b9 = LO1.selectFrom(a9, a11);
        IntVector b11 = HI1.selectFrom(a9, a11);
        IntVector c0 = LO2.selectFrom(b0, b4);
        IntVector c4 = HI2.selectFrom(b0, b4);
        IntVector c1 = LO2.selectFrom(b1, b5);
        IntVector c5 = HI2.selectFrom(b1, b5);
        IntVector c2 = LO2.selectFrom(b2, b6);
        IntVector c6 = HI2.selectFrom(b2, b6);
        IntVector c3 = LO2.selectFrom(b3, b7);
        IntVector c7 = HI2.selectFrom(b3, b7);
        IntVector c8 = LO2.selectFrom(b8, z);
        IntVector c12 = HI2.selectFrom(b8, z);
        IntVector c9 = LO2.selectFrom(b9, z);
        IntVector c13 = HI2.selectFrom(b9, z);
        IntVector c10 = LO2.selectFrom(b10, z);
        IntVector c14 = HI2.selectFrom(b10, z);
        IntVector c11 = LO2.selectFrom(b11, z);
        IntVector c15 = HI2.selectFrom(b11, z);
        IntVector d0 = LO3.selectFrom(c0, c8);
        IntVector d8 = HI3.selectFrom(c0, c8);
        IntVector d1 = LO3.selectFrom(c1, c9);
        IntVector d9 = HI3.selectFrom(c1, c9);
        IntVector d2 = LO3.selectFrom(c2, c10);
        IntVector d10 = HI3.selectFrom(c2, c10);
        IntVector d3 = LO3.selectFrom(c3, c11);
        IntVector d11 = HI3.selectFrom(c3, c11);
        IntVector d4 = LO3.selectFrom(c4, c12);
        IntVector d12 = HI3.selectFrom(c4, c12);
        IntVector d5 = LO3.selectFrom(c5, c13);
        IntVector d13 = HI3.selectFrom(c5, c13);
        IntVector d6 = LO3.selectFrom(c6, c14);
        IntVector d14 = HI3.selectFrom(c6, c14);
        IntVector d7 = LO3.selectFrom(c7, c15);
        IntVector d15 = HI3.selectFrom(c7, c15);
        int d = to;
        d0.reinterpretAsFloats().intoArray(dst, d);
        d1.reinterpretAsFloats().intoArray(dst, d + 12);
        d2.reinterpretAsFloats().intoArray(dst, d + 24);
        d3.reinterpretAsFloats().intoArray(dst, d + 36);
        d4.reinterpretAsFloats().intoArray(dst, d + 48);
        d5.reinterpretAsFloats().intoArray(dst, d + 60);
        d6.reinterpretAsFloats().intoArray(dst, d + 72);
        d7.reinterpretAsFloats().intoArray(dst, d + 84);
        d8.reinterpretAsFloats().intoArray(dst, d + 96);
        d9.reinterpretAsFloats().intoArray(dst, d + 108);
        d10.reinterpretAsFloats().intoArray(dst, d + 120);
        d11.reinterpretAsFloats().intoArray(dst, d + 132);
        d12.reinterpretAsFloats().intoArray(dst, d + 144);
        d13.reinterpretAsFloats().intoArray(dst, d + 156);
        d14.reinterpretAsFloats().intoArray(dst, d + 168);
        d15.reinterpretAsFloats().intoArray(dst, d + 180);
    }

    /**
     * An 8-row strip at 512 bits, without an 8-lane species (see {@link #transpose16}): {@code dst[to + q * 8 + w] =
     * src[from + w * ld + q]} for {@code w < 8}, {@code q < kc}. Sixteen steps at a time it loads 8 x 16 values;
     * three rounds swap bits 0, 1 and 2 of the row with bits 1, 2 and 3 of the step, so that vector j holds steps
     * 2j and 2j + 1, lane {@code 2 w + (step & 1)}; one more shuffle ({@code PAIR_ROWS}) puts them in the strip's
     * order, step 2j's eight rows and then step 2j + 1's, sixteen adjacent floats of dst.
     */
    private static void transpose8x16(float[] src, int ld, int from, int kc, float[] dst, int to) {
        int q = 0;
        for (; q + 16 <= kc; q += 16) {
            IntVector r0 = FloatVector.fromArray(S, src, from + q).reinterpretAsInts();
            IntVector r1 = FloatVector.fromArray(S, src, from + 1 * ld + q).reinterpretAsInts();
            IntVector r2 = FloatVector.fromArray(S, src, from + 2 * ld + q).reinterpretAsInts();
            IntVector r3 = FloatVector.fromArray(S, src, from + 3 * ld + q).reinterpretAsInts();
            IntVector r4 = FloatVector.fromArray(S, src, from + 4 * ld + q).reinterpretAsInts();
            IntVector r5 = FloatVector.fromArray(S, src, from + 5 * ld + q).reinterpretAsInts();
            IntVector r6 = FloatVector.fromArray(S, src, from + 6 * ld + q).reinterpretAsInts();
            IntVector r7 = FloatVector.fromArray(S, src, from + 7 * ld + q).reinterpretAsInts();
            IntVector a0 = LO1.selectFrom(r0, r1);
            IntVector a1 = HI1.selectFrom(r0, r1);
            IntVector a2 = LO1.selectFrom(r2, r3);
            IntVector a3 = HI1.selectFrom(r2, r3);
            IntVector a4 = LO1.selectFrom(r4, r5);
            IntVector a5 = HI1.selectFrom(r4, r5);
            IntVector a6 = LO1.selectFrom(r6, r7);
            IntVector a7 = HI1.selectFrom(r6, r7);
            IntVector b0 = LO2.selectFrom(a0, a2);
            IntVector b2 = HI2.selectFrom(a0, a2);
            IntVector b1 = LO2.selectFrom(a1, a3);
            IntVector b3 = HI2.selectFrom(a1, a3);
            IntVector b4 = LO2.selectFrom(a4, a6);
            IntVector b6 = HI2.selectFrom(a4, a6);
            IntVector b5 = LO2.selectFrom(a5, a7);
            IntVector b7 = HI2.selectFrom(a5, a7);
            IntVector c0 = LO3.selectFrom(b0, b4);
            IntVector c4 = HI3.selectFrom(b0, b4);
            IntVector c1 = LO3.selectFrom(b1, b5);
            IntVector c5 = HI3.selectFrom(b1, b5);
            IntVector c2 = LO3.selectFrom(b2, b6);
            IntVector c6 = HI3.selectFrom(b2, b6);
            IntVector c3 = LO3.selectFrom(b3, b7);
            IntVector c7 = HI3.selectFrom(b3, b7);
            int d = to + q * 8;
            c0.reinterpretAsFloats().rearrange(PAIR_ROWS).intoArray(dst, d);
            c1.reinterpretAsFloats().rearrange(PAIR_ROWS).intoArray(dst, d + 16);
            c2.reinterpretAsFloats().rearrange(PAIR_ROWS).intoArray(dst, d + 32);
            c3.reinterpretAsFloats().rearrange(PAIR_ROWS).intoArray(dst, d + 48);
            c4.reinterpretAsFloats().rearrange(PAIR_ROWS).intoArray(dst, d + 64);
            c5.reinterpretAsFloats().rearrange(PAIR_ROWS).intoArray(dst, d + 80);
            c6.reinterpretAsFloats().rearrange(PAIR_ROWS).intoArray(dst, d + 96);
            c7.reinterpretAsFloats().rearrange(PAIR_ROWS).intoArray(dst, d + 112);
        }
        stepsByValue(src, ld, from, q, kc, 8, dst, to, 8);
    }
}
