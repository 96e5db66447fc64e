package io.grapevine.cli;

import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.ingest.IngestJob;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Read every export in the catalog into feedback, accounts and quarantine.")
final class IngestCommand extends CatalogJobCommand {
  @Override
  List<StageRun> run(JobContext ctx) {
    return List.of(IngestJob.run(ctx, catalog, privacy));
  }
}
