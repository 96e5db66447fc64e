package io.grapevine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.UserInputException;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The customer-effort answer (CES): its scale, its direction, top-two-box and out-of-range rows. */
class EffortMappingTest {
  private static SourceCatalog catalog(String extra) throws Exception {
    return SourceCatalog.parse(new ObjectMapper(new YAMLFactory()).readTree("""
        sources:
          - name: tickets
            path: /x
            format: csv
            channel: support
        %s
            mapping:
              id: id
              event_ts: when
              effort: effort
        """.formatted(extra)), "t.yaml", "");
  }

  @Test
  void lowEffortScalesBecomeEaseAndTheTwoEasiestPointsAreTopTwoBox() throws Exception {
    SourceSpec spec = catalog("    effort_scale: [1, 5]\n    effort_easy: low").sources().get(0);
    StructType schema = new StructType()
        .add(RawColumns.FILE, DataTypes.StringType).add(RawColumns.LINE, DataTypes.LongType)
        .add(RawColumns.RAW, DataTypes.StringType).add(RawColumns.ERROR, DataTypes.StringType)
        .add("id", DataTypes.StringType).add("when", DataTypes.StringType).add("effort", DataTypes.StringType);
    List<Row> rows = List.of(
        RowFactory.create("f.csv", 2L, "r2", null, "t1", "2026-10-01T10:00:00Z", "1"),
        RowFactory.create("f.csv", 3L, "r3", null, "t2", "2026-10-01T10:00:00Z", "2"),
        RowFactory.create("f.csv", 4L, "r4", null, "t3", "2026-10-01T10:00:00Z", "3"),
        RowFactory.create("f.csv", 5L, "r5", null, "t4", "2026-10-01T10:00:00Z", "6"),
        RowFactory.create("f.csv", 6L, "r6", null, "t5", "2026-10-01T10:00:00Z", null));
    FieldMapper mapper = new FieldMapper(spec, Privacy.withKey("k"));
    List<Row> out = mapper.toFeedback(mapper.check(SparkTestSession.get().createDataFrame(rows, schema)), "run")
        .orderBy(FeedbackSchema.INGEST_ROW).collectAsList();
    List<Row> accepted = out.stream().filter(r -> r.getAs(FieldMapper.REASON) == null).toList();
    assertThat(accepted).extracting(r -> r.<Double>getAs(FeedbackSchema.EFFORT_EASE))
        .containsExactly(1.0, 0.75, 0.5);
    assertThat(accepted).extracting(r -> r.<Boolean>getAs(FeedbackSchema.EFFORT_TOP_TWO))
        .containsExactly(true, true, false);
    assertThat(out.get(3).<String>getAs(FieldMapper.REASON)).isEqualTo("effort_out_of_range");
    assertThat(out.get(3).<String>getAs(FieldMapper.MESSAGE)).isEqualTo("effort 6.0 is outside the declared scale 1..5");
    // A row whose only content, its effort answer, is empty says nothing.
    assertThat(out.get(4).<String>getAs(FieldMapper.REASON)).isEqualTo(FieldMapper.NO_CONTENT);
  }

  @Test
  void anEffortMappingNeedsItsScale() {
    assertThatThrownBy(() -> catalog("    effort_easy: sideways"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("tickets").hasMessageContaining("mapping.effort needs effort_scale")
        .hasMessageContaining("effort_easy must be 'high'");
  }
}
