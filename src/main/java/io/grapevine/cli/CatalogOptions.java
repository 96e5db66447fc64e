package io.grapevine.cli;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

/** Options of the jobs that read exports, and what they load before Spark starts. */
final class CatalogOptions {
  @Option(names = "--catalog", required = true, paramLabel = "FILE",
      description = "The source catalog (YAML); relative paths in it are read from its folder.")
  String catalog;

  @Option(names = "--dev-pseudonym-key",
      description = "Pseudonymize with a fixed, public key instead of the secret from the environment. "
          + "For development and the bundled sample only.")
  boolean devPseudonymKey;

  /** The validated catalog. */
  SourceCatalog loadCatalog() {
    return SourceCatalog.load(catalog, new Configuration());
  }

  /** The pseudonymization key: from the environment, or the development key when asked for. */
  Privacy privacy(GrapevineConfig config) {
    return Privacy.fromEnvironment(config.ingest.pseudonymKeyEnv, devPseudonymKey);
  }
}
