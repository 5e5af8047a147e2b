package org.jgrad.models.data;

/**
 * Small hand-made data sets for studying what a linear model cannot learn (see also {@link TwoMoons}).
 *
 * <pre>{@code
 * LabeledData xor = Synthetic.xor();   // the four corners of the unit square
 * }</pre>
 */
public final class Synthetic {
    private Synthetic() {
    }

    /** XOR: the points (0,0), (0,1), (1,0), (1,1) with labels 0, 1, 1, 0. */
    public static LabeledData xor() {
        return LabeledData.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, new float[] {0, 1, 1, 0});
    }
}
