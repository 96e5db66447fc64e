package io.grapevine.cli;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import picocli.CommandLine.Mixin;

/** A job that reads exports: the catalog and the pseudonymization key are checked before Spark starts. */
abstract class CatalogJobCommand extends JobCommand {
  @Mixin
  CatalogOptions catalogOptions;

  SourceCatalog catalog;
  Privacy privacy;

  @Override
  final void preflight(GrapevineConfig config) {
    catalog = catalogOptions.loadCatalog();
    java.util.List<String> outside = catalog.outsideRoots(config.ingest.allowedRoots);
    if (!outside.isEmpty()) {
      throw new io.grapevine.core.UserInputException("Catalog " + catalog.location()
          + " names files it may not read:\n  - " + String.join("\n  - ", outside));
    }
    privacy = catalogOptions.privacy(config);
  }
}
