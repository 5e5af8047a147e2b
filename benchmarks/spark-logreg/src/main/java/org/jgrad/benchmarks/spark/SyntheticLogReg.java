package org.jgrad.benchmarks.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A logistic-regression data set made on the executors, partition by partition, the same on every run:
 * {@code x ~ N(0, 1)} (float32), true weights {@code w ~ N(0, 1 / n)} and bias 0.1, label 1 with probability
 * {@code sigmoid(x . w + 0.1)}. Rows are float arrays, the features then the label.
 */
final class SyntheticLogReg {
    private SyntheticLogReg() {
    }

    static JavaRDD<float[]> rows(JavaSparkContext sc, long rows, int features, int partitions, long seed) {
        Random r = new Random(seed);
        float[] w = new float[features];
        for (int j = 0; j < features; j++) {
            w[j] = (float) (r.nextGaussian() / Math.sqrt(features));
        }
        List<Integer> parts = IntStream.range(0, partitions).boxed().toList();
        return sc.parallelize(parts, partitions).mapPartitions(it -> partition(it.next(), rows, partitions, w, seed));
    }

    private static Iterator<float[]> partition(int p, long rows, int partitions, float[] w, long seed) {
        long from = p * rows / partitions;
        long to = (p + 1) * rows / partitions;
        Random r = new Random(seed * 31 + p);
        List<float[]> out = new ArrayList<>((int) (to - from));
        for (long i = from; i < to; i++) {
            float[] row = new float[w.length + 1];
            double z = 0.1;
            for (int j = 0; j < w.length; j++) {
                row[j] = (float) r.nextGaussian();
                z += row[j] * w[j];
            }
            row[w.length] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
            out.add(row);
        }
        return out.iterator();
    }
}
