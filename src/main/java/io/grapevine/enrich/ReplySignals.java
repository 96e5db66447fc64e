package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.UserInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Complaint-handling signals in company replies, from phrase rules in a data file (built in:
 * {@code reply-signals.yaml}): one boolean column {@code reply_<signal>} per signal.
 */
public final class ReplySignals {
  public static final String PREFIX = "reply_";
  public static final String APOLOGY = PREFIX + "apology";
  private static final String BUILT_IN = "/io/grapevine/reply-signals.yaml";

  private ReplySignals() {}

  /** Signal -> one case-insensitive Unicode regular expression joining its patterns in all languages. */
  public static Map<String, String> load(String file) {
    Map<String, Map<String, List<String>>> rules = RuleFiles.read(file, BUILT_IN, "Reply signals file",
        "signal -> language -> [patterns]");
    Map<String, String> joined = new LinkedHashMap<>();
    rules.forEach((signal, byLanguage) -> {
      if (!signal.matches("[a-z][a-z0-9_]*")) {
        throw new UserInputException("Reply signal '" + signal + "' must be snake_case");
      }
      List<String> patterns = new ArrayList<>();
      byLanguage.values().forEach(patterns::addAll);
      String regex = "(?iU)(" + String.join("|", patterns) + ")";
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new UserInputException("Reply signal '" + signal + "' has an invalid pattern: "
            + e.getDescription() + " in " + e.getPattern());
      }
      joined.put(signal, regex);
    });
    return joined;
  }

  /** Adds {@code reply_<signal>} for each signal: null without a reply, else whether it matches. */
  public static Dataset<Row> apply(Dataset<Row> feedback, Map<String, String> signals) {
    Dataset<Row> out = feedback;
    for (Map.Entry<String, String> s : signals.entrySet()) {
      out = out.withColumn(PREFIX + s.getKey(), when(col(FeedbackSchema.RESPONSE_TEXT).isNotNull(),
          col(FeedbackSchema.RESPONSE_TEXT).rlike(s.getValue())));
    }
    return out;
  }
}
