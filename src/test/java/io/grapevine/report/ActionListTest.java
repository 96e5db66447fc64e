package io.grapevine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionListTest {
  private static Map<String, Object> row(Object... values) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < ActionList.COLUMNS.size(); i++) {
      row.put(ActionList.COLUMNS.get(i), i < values.length ? values[i] : null);
    }
    return row;
  }

  @Test
  void aCrmImportNeverRunsACellAsAFormula() {
    String csv = ActionList.csv(List.of(row(1, ActionList.ANSWER, "@SUM(1,1)", "f1", "complaint", null,
        "=HYPERLINK(\"http://x\",\"click\")", "2026-10-01", null, -12.5, null)));
    assertThat(csv).contains("'@SUM(1,1)").contains("'=HYPERLINK").contains("-12.5")
        .doesNotContain(",=HYPERLINK").doesNotContain(",@SUM");
    assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo(String.join(",", ActionList.COLUMNS));
  }

  @Test
  void jsonLinesKeepTheValuesAsTheyAre() {
    String jsonl = ActionList.jsonLines(List.of(row(1, ActionList.CALL, "A1"), row(2, ActionList.REFERENCE, "A2")));
    assertThat(jsonl.lines()).hasSize(2);
    assertThat(jsonl).contains("\"account_id\":\"A1\"").contains("\"action\":\"ask_for_reference\"");
  }
}
