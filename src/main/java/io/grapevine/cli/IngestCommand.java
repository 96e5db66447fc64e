package io.grapevine.cli;

import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.StageRun;
import io.grapevine.ingest.IngestJob;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Read every export in the catalog into feedback, accounts and quarantine: the rows of "
        + "the catalog's sources in the months --from..--month replace those sources' rows of those "
        + "months; everything else stays.")
final class IngestCommand extends CatalogJobCommand {
  @Mixin
  MonthRangeOptions range;

  @Override
  List<StageRun> run(JobContext ctx) {
    return List.of(IngestJob.run(ctx, catalog, privacy,
        new MonthRange(range.fromLabel(ctx.month()), ctx.monthLabel())));
  }
}
