#!/usr/bin/env bash
# Running Grapevine on a cluster: the same jar, submitted with spark-submit.
# Copy this file, keep the block for your cluster manager, and fill in the names.
# The application jar holds Grapevine and its few libraries; the cluster brings Spark 4.1 (Scala 2.13).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/target/grapevine-0.1.0-SNAPSHOT.jar"      # built by: mvn -DskipTests package
month="${1:?usage: cluster-example.sh YYYY-MM}"

# The catalog must be readable by the driver; exports and --out may be on any Hadoop file system.
# The pseudonymization key comes from the environment of the driver, never from a file in the repo:
#   export GRAPEVINE_PSEUDONYM_KEY=...   (from your secret store)

# --- YARN ---------------------------------------------------------------------------------
# spark-submit --master yarn --deploy-mode client \
#   --class io.grapevine.cli.Grapevine \
#   --num-executors 10 --executor-cores 4 --executor-memory 8g \
#   --conf spark.sql.shuffle.partitions=200 \
#   "$jar" run-all --month "$month" \
#   --catalog /etc/grapevine/catalog.yaml \
#   --out hdfs:///warehouse/grapevine

# --- Kubernetes ---------------------------------------------------------------------------
# spark-submit --master k8s://https://kubernetes.example.internal:6443 --deploy-mode cluster \
#   --class io.grapevine.cli.Grapevine \
#   --conf spark.kubernetes.container.image=apache/spark:4.1.0-scala2.13-java17-ubuntu \
#   --conf spark.kubernetes.driverEnv.GRAPEVINE_PSEUDONYM_KEY="$GRAPEVINE_PSEUDONYM_KEY" \
#   --conf spark.executor.instances=8 \
#   --conf spark.hadoop.fs.s3a.aws.credentials.provider=com.amazonaws.auth.WebIdentityTokenCredentialsProvider \
#   s3a://my-bucket/jars/grapevine.jar run-all --month "$month" \
#   --catalog s3a://my-bucket/grapevine/catalog.yaml \
#   --out s3a://my-bucket/grapevine/out

# --- Standalone ---------------------------------------------------------------------------
spark-submit --master "${SPARK_MASTER_URL:-spark://spark-master.example.internal:7077}" \
  --class io.grapevine.cli.Grapevine \
  --total-executor-cores 16 --executor-memory 8g \
  "$jar" run-all --month "$month" \
  --catalog "$root/data/sample/catalog.yaml" \
  --out "${GRAPEVINE_OUT:-/shared/grapevine/out}"

# jobs/grapevine does the same when SPARK_HOME is set or GRAPEVINE_MASTER names a cluster:
#   GRAPEVINE_MASTER=yarn jobs/grapevine run-all --month 2026-10 --catalog ... --out hdfs:///...
