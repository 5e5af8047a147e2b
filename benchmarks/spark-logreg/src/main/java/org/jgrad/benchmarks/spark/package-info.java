/**
 * The {@code spark-logreg} workload: logistic regression on a synthetic data set in Spark local mode, jgrad's
 * {@code SparkTrainer} with L-BFGS against Spark MLlib's {@code LogisticRegression} (also L-BFGS), same objective and
 * number of iterations. Run with {@code benchmarks/spark-logreg/run}; not a unit test.
 */
package org.jgrad.benchmarks.spark;
