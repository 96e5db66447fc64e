package io.grapevine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class MonthsTest {
  @Test
  void parsesAMonthAndGivesItsUtcBounds() {
    YearMonth m = Months.parse("2026-10");
    assertThat(Months.label(m)).isEqualTo("2026-10");
    assertThat(Months.start(m).toInstant().toString()).isEqualTo("2026-10-01T00:00:00Z");
    assertThat(Months.end(m).toInstant().toString()).isEqualTo("2026-11-01T00:00:00Z");
  }

  @Test
  void rejectsAMonthOutsideOneToTwelveSayingWhatIsExpected() {
    assertThatThrownBy(() -> Months.parse("2026-13"))
        .hasMessage("'2026-13' is not a month: expected YYYY-MM with MM from 01 to 12");
    assertThatThrownBy(() -> Months.parse("2026-00")).hasMessageContaining("01 to 12");
  }

  @Test
  void rejectsOtherShapes() {
    assertThatThrownBy(() -> Months.parse("10/2026"))
        .hasMessage("'10/2026' is not a month: expected YYYY-MM, for example 2026-10");
    assertThatThrownBy(() -> Months.parse("2026-1")).hasMessageContaining("expected YYYY-MM");
  }
}
