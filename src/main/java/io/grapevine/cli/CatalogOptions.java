package io.grapevine.cli;

import picocli.CommandLine.Option;

/** Options of the jobs that read exports. */
final class CatalogOptions {
  @Option(names = "--catalog", required = true, paramLabel = "FILE",
      description = "The source catalog (YAML); relative paths in it are read from its folder.")
  String catalog;

  @Option(names = "--dev-pseudonym-key",
      description = "Pseudonymize with a fixed, public key instead of the secret from the environment. "
          + "For development and the bundled sample only.")
  boolean devPseudonymKey;
}
