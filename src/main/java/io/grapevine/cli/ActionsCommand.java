package io.grapevine.cli;

import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.report.ActionList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "actions", mixinStandardHelpOptions = true,
    description = "Write the month's action list (alerts, red accounts to call, complaints unanswered beyond "
        + "report.response_target_hours, advocates to ask for a reference) as reports/MONTH/actions.csv and "
        + "actions.jsonl, for a CRM or ticketing tool to import. The report stage writes the same files.")
final class ActionsCommand extends JobCommand {
  @Override
  List<StageRun> run(JobContext ctx) {
    StageRun stage = ctx.startStage("actions");
    Map<String, Integer> byAction = ActionList.write(ctx);
    stage.rowsOut = byAction.values().stream().mapToInt(Integer::intValue).sum();
    stage.rowsIn = stage.rowsOut;
    byAction.forEach(stage::detail);
    stage.detail("file", ctx.layout().report(ctx.monthLabel(), "actions.csv"));
    return List.of(stage.finish(ctx.storage()));
  }
}
