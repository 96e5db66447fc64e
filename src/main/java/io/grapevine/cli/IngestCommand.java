package io.grapevine.cli;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Read every export in the catalog into feedback, accounts and quarantine.")
final class IngestCommand extends JobCommand {
  @Mixin
  CatalogOptions catalogOptions;

  private SourceCatalog catalog;
  private Privacy privacy;

  @Override
  void preflight(GrapevineConfig config) {
    catalog = catalogOptions.loadCatalog();
    privacy = catalogOptions.privacy(config);
  }

  @Override
  List<StageRun> run(JobContext ctx) {
    return List.of(IngestJob.run(ctx, catalog, privacy));
  }
}
