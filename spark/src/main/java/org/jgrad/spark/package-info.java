/**
 * Data-parallel training of jgrad models on Apache Spark: {@link org.jgrad.spark.SparkTrainer} (the loop),
 * {@link org.jgrad.spark.BlockedData} (the cached dense blocks of each partition), {@link org.jgrad.spark.SparkInput}
 * (CSV, Parquet, {@code Dataset<Row>}), {@link org.jgrad.spark.ModelRecipe} (how executors build their model copy),
 * {@link org.jgrad.spark.ExactSum} (order-independent sums) and {@link org.jgrad.spark.SparkSessions} (a quiet local
 * or cluster session). The only module that depends on Spark; nothing in core, autograd or models knows it exists.
 */
package org.jgrad.spark;
