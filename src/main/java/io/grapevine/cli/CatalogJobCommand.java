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
    privacy = catalogOptions.privacy(config);
  }
}
