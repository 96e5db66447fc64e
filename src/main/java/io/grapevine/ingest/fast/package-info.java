/**
 * The fast readers of CSV and JSON lines, and the only package of Grapevine that uses Spark's internal
 * APIs: rows are built in Spark's internal form ({@code catalyst.InternalRow}, {@code unsafe.types.UTF8String})
 * straight from the file's bytes and handed to {@code classic.SparkSession.internalCreateDataFrame};
 * JSON is parsed by catalyst's own {@code JacksonParser} and shaped by {@code JsonInferSchema}.
 * Spark is {@code provided} by a cluster, so each of these calls has a test in {@code SparkInternalsTest}
 * that names it when a Spark version changes it; {@code ArchitectureTest} keeps every other package off
 * the internals. What each fast path buys is measured in docs/benchmarks.md.
 */
package io.grapevine.ingest.fast;
