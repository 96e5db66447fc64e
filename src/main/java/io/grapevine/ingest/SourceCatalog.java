package io.grapevine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grapevine.core.Channel;
import io.grapevine.core.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The source catalog: a YAML file listing every export to ingest. It is validated whole before any
 * data is read; every problem found is reported in one error, each line naming the source and key.
 */
public final class SourceCatalog {
  static final Set<String> SOURCE_KEYS =
      Set.of("name", "kind", "path", "format", "channel", "timezone", "timestamp_formats",
          "options", "rating_scale", "effort_scale", "effort_easy", "mapping", "attributes", "preset",
          "where", "expectations", "languages", "value_period", "questions", "public_handles",
          "personal_fields");
  static final Set<String> OPTION_KEYS =
      Set.of("delimiter", "quote", "escape", "encoding", "skip_lines", "header_rows", "header_names", "row_tag",
          "null_values", "max_field_chars", "max_record_lines", "on_invalid_bytes", "repair_mojibake", "strip_html", "records", "nested_records",
          "sheet", "column_names");
  /** An account value's period -> months in it (a week is 7 of a mean month's 30.4375 days). */
  static final Map<String, Double> VALUE_PERIODS =
      new java.util.TreeMap<>(Map.of("week", 7 / 30.4375, "month", 1.0, "quarter", 3.0, "year", 12.0));
  /** Timestamp format tokens that are not patterns. */
  static final Set<String> EPOCH_FORMATS = Set.of("epoch_seconds", "epoch_millis");

  private final String location;
  private final String baseDir;
  private final List<SourceSpec> sources;

  private SourceCatalog(String location, String baseDir, List<SourceSpec> sources) {
    this.location = location;
    this.baseDir = baseDir;
    this.sources = sources;
  }

  /**
   * The sources whose path lies outside the catalog's folder and outside every allowed root
   * ({@code ingest.allowed_roots}; a relative root is taken from the working folder), one line each.
   * A catalog cannot reach a file its author was not given.
   */
  public List<String> outsideRoots(List<String> allowedRoots) {
    List<java.net.URI> roots = new ArrayList<>();
    roots.add(normalized(baseDir.isEmpty() ? "." : baseDir));
    allowedRoots.forEach(r -> roots.add(normalized(r)));
    List<String> problems = new ArrayList<>();
    for (SourceSpec spec : sources) {
      if (spec.path == null) {
        continue;
      }
      java.net.URI path = normalized(fixedPrefix(spec.path));
      boolean inside = roots.stream().anyMatch(r -> java.util.Objects.equals(r.getScheme(), path.getScheme())
          && java.util.Objects.equals(r.getAuthority(), path.getAuthority())
          && (path.getPath() + "/").startsWith(r.getPath().endsWith("/") ? r.getPath() : r.getPath() + "/"));
      if (!inside) {
        java.net.URI shown = normalized(spec.path);
        problems.add(String.format("source '%s': path %s is outside the catalog's folder and ingest.allowed_roots; "
            + "add the folder that holds it to ingest.allowed_roots to read it", spec.name,
            "file".equals(shown.getScheme()) ? shown.getPath() : shown.toString()));
      }
    }
    return problems;
  }

  /** A path or URI made absolute (local paths from the working folder) with . and .. resolved. */
  private static java.net.URI normalized(String location) {
    Path p = new Path(location);
    java.net.URI uri = p.toUri();
    if (uri.getScheme() == null || uri.getScheme().equals("file")) {
      java.nio.file.Path local = java.nio.file.Paths.get(uri.getPath()).toAbsolutePath().normalize();
      return java.net.URI.create("file://" + local.toUri().getRawPath());
    }
    return uri.normalize();
  }

  /** The part of a path before its first glob character. */
  private static String fixedPrefix(String path) {
    int i = 0;
    while (i < path.length() && "*?[{".indexOf(path.charAt(i)) < 0) {
      i++;
    }
    String prefix = path.substring(0, i);
    return i == path.length() ? prefix : prefix.substring(0, Math.max(prefix.lastIndexOf('/') + 1, 0));
  }

  public String location() {
    return location;
  }

  public List<SourceSpec> sources() {
    return sources;
  }

  /** Reads and validates a catalog file; relative source paths resolve against its folder. */
  public static SourceCatalog load(String location, Configuration hadoopConf) {
    Path path = new Path(location);
    JsonNode root;
    try {
      if (!path.getFileSystem(hadoopConf).exists(path)) {
        throw new UserInputException("Catalog file " + location + " does not exist");
      }
      try (InputStream in = path.getFileSystem(hadoopConf).open(path)) {
        root = io.grapevine.core.Yaml.mapper().readTree(in);
      }
    } catch (IOException e) {
      throw io.grapevine.core.Yaml.invalid("Catalog " + location, e);
    }
    return parse(root, location, path.getParent() == null ? "" : path.getParent().toString());
  }

  /** The same catalog with only the named sources. */
  public SourceCatalog only(String... names) {
    List<String> wanted = List.of(names);
    return new SourceCatalog(location, baseDir, sources.stream().filter(s -> wanted.contains(s.name)).toList());
  }

  static SourceCatalog parse(JsonNode root, String location, String baseDir) {
    List<String> problems = new ArrayList<>();
    List<SourceSpec> specs = new ArrayList<>();
    if (root == null || !root.isObject() || !root.has("sources")
        || !(root.get("sources").isArray() || root.get("sources").isObject())) {
      throw new UserInputException(
          "Catalog " + location + " must hold a 'sources:' list of source entries (or a map of them by name)");
    }
    root.fieldNames().forEachRemaining(k -> {
      if (!k.equals("sources")) {
        problems.add("top level: unknown key '" + k + "' (expected 'sources')");
      }
    });
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode node : entries(root.get("sources"), problems)) {
      index++;
      String name = text(node, "name");
      String where = name == null ? "source #" + index : "source '" + name + "'";
      if (name == null) {
        problems.add(where + ": missing key 'name'");
      } else if (!name.matches("[a-z][a-z0-9_]*")) {
        problems.add(where + ": name must be snake_case letters, digits and _");
      } else if (!names.add(name)) {
        problems.add(where + ": the name is used by another source");
      }
      SourceSpec spec = parseSource(withPreset(node, where, problems), name, where, baseDir, problems);
      spec.entry = node;
      spec.preset = node.isObject() && node.has("preset") ? node.get("preset").asText() : null;
      specs.add(spec);
    }
    if (specs.isEmpty()) {
      problems.add("'sources' is empty");
    }
    if (!problems.isEmpty()) {
      throw new UserInputException(
          "Catalog " + location + " has " + problems.size() + " problem(s):\n  - "
              + String.join("\n  - ", problems));
    }
    return new SourceCatalog(location, baseDir, specs);
  }

  /**
   * The source entries: a list as written, or a map of entries by name ({@code shop_reviews: {preset:
   * ...}}), each entry taking its key as its name.
   */
  private static List<JsonNode> entries(JsonNode sources, List<String> problems) {
    List<JsonNode> entries = new ArrayList<>();
    if (sources.isArray()) {
      sources.forEach(entries::add);
      return entries;
    }
    sources.fields().forEachRemaining(e -> {
      if (!e.getValue().isObject()) {
        problems.add("source '" + e.getKey() + "': expected an entry (path:, preset: ...), found " + e.getValue());
        return;
      }
      ObjectNode entry = ((ObjectNode) e.getValue()).deepCopy();
      JsonNode named = entry.get("name");
      if (named != null && !named.asText().equals(e.getKey())) {
        problems.add("source '" + e.getKey() + "': its entry names itself '" + named.asText() + "'; drop one of the two");
      }
      entry.put("name", e.getKey());
      entries.add(entry);
    });
    return entries;
  }

  /**
   * {@code spec}'s entry as the catalog writes it, with preset {@code preset} underneath instead of its
   * own; null when that entry is not valid (a key the other preset lacks a use for, say).
   */
  public SourceSpec withOtherPreset(SourceSpec spec, String preset) {
    if (spec.entry == null || !spec.entry.isObject()) {
      return null;
    }
    ObjectNode entry = ((ObjectNode) spec.entry).deepCopy();
    entry.put("preset", preset);
    List<String> problems = new ArrayList<>();
    String where = "source '" + spec.name + "'";
    SourceSpec other = parseSource(withPreset(entry, where, problems), spec.name, where, baseDir, problems);
    if (!problems.isEmpty()) {
      return null;
    }
    other.entry = entry;
    other.preset = preset;
    return other;
  }

  /** The names of the presets shipped in the product, sorted. */
  public static Set<String> presetNames() {
    return presets().keySet();
  }

  /** The presets shipped in the product, by name (resource {@code io/grapevine/presets.yaml}). */
  static Map<String, JsonNode> presets() {
    try (InputStream in = SourceCatalog.class.getResourceAsStream("/io/grapevine/presets.yaml")) {
      JsonNode root = io.grapevine.core.Yaml.mapper().readTree(in);
      Map<String, JsonNode> presets = new TreeMap<>();
      root.get("presets").fields().forEachRemaining(e -> presets.put(e.getKey(), e.getValue()));
      return presets;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the built-in presets", e);
    }
  }

  /**
   * A source entry with its preset underneath: the preset's keys, then the entry's own on top
   * ({@code mapping} and {@code options} merged key by key, the entry winning).
   */
  static JsonNode withPreset(JsonNode node, String where, List<String> problems) {
    if (!node.isObject() || !node.has("preset")) {
      return node;
    }
    String name = node.get("preset").asText();
    Map<String, JsonNode> presets = presets();
    JsonNode preset = presets.get(name);
    ObjectNode merged = ((ObjectNode) node).deepCopy();
    merged.remove("preset");
    if (preset == null) {
      problems.add(where + ": unknown preset '" + name + "' (expected one of " + presets.keySet() + ")");
      return merged;
    }
    ObjectNode result = preset.deepCopy();
    merged.fields().forEachRemaining(e -> {
      JsonNode base = result.get(e.getKey());
      if (base != null && base.isObject() && e.getValue().isObject()) {
        ((ObjectNode) base).setAll(
            (ObjectNode) e.getValue());
      } else {
        result.set(e.getKey(), e.getValue());
      }
    });
    return result;
  }

  private static SourceSpec parseSource(
      JsonNode node, String name, String where, String baseDir, List<String> problems) {
    SourceSpec spec = new SourceSpec();
    spec.name = name;
    if (!node.isObject()) {
      problems.add(where + ": expected a mapping of keys");
      return spec;
    }
    node.fieldNames().forEachRemaining(k -> {
      if (!SOURCE_KEYS.contains(k)) {
        problems.add(where + ": unknown key '" + k + "' (expected one of " + sorted(SOURCE_KEYS) + ")");
      }
    });
    String kind = text(node, "kind");
    if (kind != null) {
      try {
        spec.kind = SourceSpec.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": kind '" + kind + "' is not 'feedback' or 'accounts'");
      }
    }
    String p = text(node, "path");
    if (p == null) {
      problems.add(where + ": missing key 'path'");
    } else {
      spec.path = new Path(p).isAbsoluteAndSchemeAuthorityNull() || p.contains(":/") || baseDir.isEmpty()
          ? p : new Path(baseDir, p).toString();
    }
    String format = text(node, "format");
    spec.format = ExportFormat.parse(format);
    if (spec.format == null) {
      problems.add(where + ": format '" + format + "' is not one of " + ExportFormat.names());
    } else if (spec.format == ExportFormat.TSV) {
      spec.options.delimiter = '\t';
      spec.options.escape = '\\';
    }
    String channel = text(node, "channel");
    if (spec.kind == SourceSpec.Kind.FEEDBACK) {
      if (channel == null) {
        problems.add(where + ": missing key 'channel' (one of " + Channel.wireNames() + ")");
      } else {
        try {
          spec.channel = Channel.parse(channel).wireName();
        } catch (IllegalArgumentException e) {
          problems.add(where + ": " + e.getMessage());
        }
      }
    } else if (channel != null) {
      problems.add(where + ": 'channel' applies to feedback sources, not accounts");
    }
    if (node.hasNonNull("timezone")) {
      spec.timezone = text(node, "timezone");
      try {
        java.time.ZoneId.of(spec.timezone);
      } catch (RuntimeException e) {
        problems.add(where + ": timezone '" + spec.timezone + "' is not a zone id such as UTC or America/New_York");
      }
    }
    if (node.hasNonNull("timestamp_formats") && node.get("timestamp_formats").isTextual()) {
      if (node.get("timestamp_formats").asText().equals("auto")) {
        spec.timestampFormatsAuto = true;
      } else {
        problems.add(where + ": timestamp_formats must be a list of patterns or auto, not '"
            + node.get("timestamp_formats").asText() + "'");
      }
    } else if (node.hasNonNull("timestamp_formats")) {
      for (JsonNode f : node.get("timestamp_formats")) {
        String fmt = f.asText();
        if (fmt.startsWith(FieldMapper.AGO_FROM)) {
          try {
            java.time.LocalDate.parse(fmt.substring(FieldMapper.AGO_FROM.length()).trim());
          } catch (java.time.format.DateTimeParseException e) {
            problems.add(where + ": timestamp format '" + fmt + "' needs the day the export was taken as YYYY-MM-DD, "
                + "such as 'ago from 2023-06-15'");
          }
        } else if (!EPOCH_FORMATS.contains(fmt)) {
          try {
            DateTimeFormatter.ofPattern(fmt);
            String letters = FieldMapper.unparseableLetters(fmt);
            if (!letters.isEmpty()) {
              problems.add(where + ": timestamp format '" + fmt + "' uses '" + letters + "', which times cannot "
                  + "be read by (a day of the week is read only at the start, as in 'EEE, d MMM yyyy'; "
                  + "week-based years and weeks, quarters, and u for the year not at all: use y)");
            }
          } catch (IllegalArgumentException e) {
            problems.add(where + ": timestamp format '" + fmt + "' is not a valid pattern: " + e.getMessage());
          }
        }
        spec.timestampFormats.add(fmt);
      }
    }
    parseOptions(node.get("options"), spec, where, problems);
    if (spec.format == ExportFormat.XML && (spec.options.rowTag == null || spec.options.rowTag.isBlank())) {
      problems.add(where + ": format xml needs options.row_tag, the element that holds one record (such as review)");
    }
    if (spec.options.columnNames == null && spec.options.headerNameRow > spec.options.headerRows) {
      problems.add(where + ": options.header_names " + spec.options.headerNameRow + " is beyond options.header_rows "
          + spec.options.headerRows);
    }
    if (node.hasNonNull("rating_scale") && node.get("rating_scale").isTextual()
        && node.get("rating_scale").asText().equals("auto")) {
      spec.ratingScaleAuto = true;
    } else if (node.hasNonNull("rating_scale")) {
      JsonNode scale = node.get("rating_scale");
      if (!scale.isArray() || scale.size() != 2 || !scale.get(0).isNumber() || !scale.get(1).isNumber()
          || scale.get(0).asDouble() >= scale.get(1).asDouble()) {
        problems.add(where + ": rating_scale must be [min, max] with min < max, such as [1, 5], or auto");
      } else {
        spec.ratingMin = scale.get(0).asDouble();
        spec.ratingMax = scale.get(1).asDouble();
      }
    }
    if (node.hasNonNull("effort_scale")) {
      JsonNode scale = node.get("effort_scale");
      if (!scale.isArray() || scale.size() != 2 || !scale.get(0).isNumber() || !scale.get(1).isNumber()
          || scale.get(1).asDouble() - scale.get(0).asDouble() < 2) {
        problems.add(where + ": effort_scale must be [min, max] with at least three points, such as [1, 7]");
      } else {
        spec.effortMin = scale.get(0).asDouble();
        spec.effortMax = scale.get(1).asDouble();
      }
    }
    if (node.hasNonNull("effort_easy")) {
      String easy = node.get("effort_easy").asText();
      if (!easy.equals("high") && !easy.equals("low")) {
        problems.add(where + ": effort_easy must be 'high' (\"the company made it easy\", agree = high) "
            + "or 'low' (\"how much effort did you put in\", little = low), not '" + easy + "'");
      }
      spec.effortEasyHigh = !easy.equals("low");
    }
    if (node.hasNonNull("questions")) {
      if (node.get("questions").asText().equals("auto") && spec.kind == SourceSpec.Kind.FEEDBACK) {
        spec.questionsAuto = true;
      } else {
        problems.add(where + ": questions may only be auto (a survey's answers found among its columns), on a "
            + "feedback source, not " + node.get("questions"));
      }
    }
    parseMapping(node.get("mapping"), spec, where, problems);
    parseAttributes(node.get("attributes"), spec, where, problems);
    if (node.hasNonNull("where")) {
      JsonNode w = node.get("where");
      List<String> conditions = new ArrayList<>();
      for (JsonNode c : w.isArray() ? w : List.of(w)) {
        if (c.isNull() && w.isArray() && conditions.size() == w.size() - 1 && !conditions.isEmpty()) {
          conditions.add(null);
        } else if (!c.isTextual()) {
          problems.add(where + ": where: expected a Spark SQL condition, or a list of them that may end in null, not " + c);
        } else {
          conditions.add(c.asText());
          for (String problem : SqlGuard.problems(c.asText())) {
            problems.add(where + ": where: " + problem);
          }
        }
      }
      if (!conditions.isEmpty()) {
        spec.where = conditions.get(0);
        spec.whereAlternatives = w.isArray() ? conditions : null;
      }
    }
    if (node.hasNonNull("expectations")) {
      try {
        spec.expectations = expectationsReader().treeToValue(node.get("expectations"), Expectations.class);
        problems.addAll(Expectations.validate(spec.expectations, where));
      } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
        problems.add(where + ": expectations: " + e.getMessage().split("\n")[0]
            + " (keys: max_quarantined_share, max_duplicate_share, min_distinct_id_share, max_no_content_share "
            + "as {warn: share, error: share}; not_before: YYYY-MM-DD; not_after_days: days)");
      }
    }
    if (node.hasNonNull("value_period")) {
      String period = node.get("value_period").asText();
      Double months = VALUE_PERIODS.get(period);
      if (spec.kind != SourceSpec.Kind.ACCOUNTS || !spec.mapping.containsKey(Target.VALUE.key())) {
        problems.add(where + ": value_period applies to an accounts source with mapping.value");
      } else if (months == null) {
        problems.add(where + ": value_period must be one of " + VALUE_PERIODS.keySet() + ", not '" + period + "'");
      } else {
        spec.valuePeriodMonths = months;
      }
    }
    if (node.hasNonNull("public_handles")) {
      JsonNode handles = node.get("public_handles");
      for (JsonNode h : handles.isArray() ? handles : List.of(handles)) {
        Set<String> handle = Privacy.handles(List.of(h.asText()));
        if (handle == null) {
          problems.add(where + ": public_handles: '" + h.asText() + "' is not a handle such as @YourBrand or u/YourBrand");
        } else {
          spec.publicHandles.addAll(handle);
        }
      }
    }
    if (node.hasNonNull("personal_fields")) {
      JsonNode personal = node.get("personal_fields");
      for (JsonNode f : personal.isArray() ? personal : List.of(personal)) {
        if (!f.isTextual() || f.asText().isBlank()) {
          problems.add(where + ": personal_fields: expected field names such as [author_fullname, user.screen_name], found "
              + f);
        } else {
          spec.personalFields.add(f.asText().trim());
        }
      }
    }
    if (node.hasNonNull("languages")) {
      for (JsonNode l : node.get("languages")) {
        String code = l.asText().toLowerCase(java.util.Locale.ROOT);
        if (!code.matches("[a-z]{2}")) {
          problems.add(where + ": languages: '" + l.asText() + "' is not an ISO 639-1 code such as en or ru");
        } else {
          spec.languages.add(code);
        }
      }
    }
    return spec;
  }

  private static void parseOptions(JsonNode options, SourceSpec spec, String where, List<String> problems) {
    if (options == null) {
      return;
    }
    SourceSpec.ReaderOptions o = spec.options;
    for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      String value = e.getValue().asText();
      switch (key) {
        case "delimiter", "quote", "escape" -> {
          String v = value.equals("\\t") ? "\t" : value;
          if (v.length() != 1) {
            problems.add(where + ": options." + key + " must be one character, found '" + value + "'");
          } else if (key.equals("delimiter")) {
            o.delimiter = v.charAt(0);
            o.delimiterGiven = true;
          } else if (key.equals("quote")) {
            o.quote = v.charAt(0);
          } else {
            o.escape = v.charAt(0);
          }
        }
        case "encoding" -> {
          if (!value.equalsIgnoreCase("auto") && !java.nio.charset.Charset.isSupported(value)) {
            problems.add(where + ": options.encoding '" + value + "' is not a known character set");
          }
          o.encoding = value;
          o.encodingGiven = !value.equalsIgnoreCase("auto");
        }
        case "skip_lines" -> {
          if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 0) {
            problems.add(where + ": options.skip_lines must be a whole number >= 0");
          }
          o.skipLines = e.getValue().asInt();
          o.skipLinesGiven = true;
        }
        case "row_tag" -> o.rowTag = value;
        case "records" -> {
          List<String> fields = new ArrayList<>();
          (e.getValue().isArray() ? e.getValue() : List.of(e.getValue())).forEach(f -> fields.add(f.asText()));
          if (fields.isEmpty() || fields.stream().anyMatch(String::isBlank)) {
            problems.add(where + ": options.records must name a field, or list fields");
          }
          o.records = List.copyOf(fields);
        }
        case "nested_records" -> {
          List<String> fields = new ArrayList<>();
          (e.getValue().isArray() ? e.getValue() : List.of(e.getValue())).forEach(f -> fields.add(f.asText()));
          if (fields.isEmpty() || fields.stream().anyMatch(f -> !f.matches("[\\w$-]+(\\.[\\w$-]+)*"))) {
            problems.add(where + ": options.nested_records must name a record's field that holds more records "
                + "(replies), dotted when deeper (data.replies), or list such fields");
          }
          o.nestedRecords = List.copyOf(fields);
        }
        case "sheet" -> o.sheet = value;
        case "column_names" -> {
          List<String> names = new ArrayList<>();
          if (e.getValue().isArray()) {
            e.getValue().forEach(n -> names.add(n.asText().trim()));
          }
          if (names.isEmpty() || names.stream().anyMatch(String::isEmpty) || new HashSet<>(names).size() < names.size()) {
            problems.add(where + ": options.column_names must list the columns of an export without a header row, "
                + "each named once, such as [target, id, date, flag, user, text]");
          }
          o.columnNames = List.copyOf(names);
          if (!options.has("header_rows")) {
            o.headerRows = 0;  // named here: the file's first record is a record
          }
        }
        case "header_rows" -> {
          if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 1) {
            problems.add(where + ": options.header_rows must be a whole number >= 1");
          }
          o.headerRows = e.getValue().asInt();
        }
        case "header_names" -> {
          if (value.equals("joined")) {
            o.headerNameRow = 0;
          } else if (value.matches("[1-9][0-9]*")) {
            o.headerNameRow = Integer.parseInt(value);
          } else {
            problems.add(where + ": options.header_names must be the header row that names the columns "
                + "(1, 2, ...) or 'joined', not '" + value + "'");
          }
        }
        case "max_field_chars", "max_record_lines" -> {
          if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 1) {
            problems.add(where + ": options." + key + " must be a whole number >= 1");
          } else if (key.equals("max_field_chars")) {
            o.maxFieldChars = e.getValue().asInt();
          } else {
            o.maxRecordLines = e.getValue().asInt();
          }
        }
        case "on_invalid_bytes" -> {
          if (!value.equals("quarantine") && !value.equals("fail")) {
            problems.add(where + ": options.on_invalid_bytes must be 'quarantine' (the record) or 'fail' (the file), not '"
                + value + "'");
          }
          o.onInvalidBytes = value;
        }
        case "repair_mojibake" -> {
          if (!e.getValue().isBoolean()) {
            problems.add(where + ": options.repair_mojibake must be true or false");
          }
          o.repairMojibake = e.getValue().asBoolean();
        }
        case "strip_html" -> {
          if (!e.getValue().isBoolean()) {
            problems.add(where + ": options.strip_html must be true or false");
          }
          o.stripHtml = e.getValue().asBoolean();
        }
        case "null_values" -> {
          o.nullValues = new ArrayList<>();
          e.getValue().forEach(v -> o.nullValues.add(v.asText()));
        }
        default -> problems.add(where + ": unknown key 'options." + key + "' (expected one of "
            + sorted(OPTION_KEYS) + ")");
      }
    }
  }

  private static void parseMapping(JsonNode mapping, SourceSpec spec, String where, List<String> problems) {
    if (mapping == null || !mapping.isObject()) {
      problems.add(where + ": missing key 'mapping'");
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = mapping.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Target target = Target.byKey(e.getKey());
      if (target == null || !target.appliesTo(spec.kind)) {
        problems.add(where + ": unknown key 'mapping." + e.getKey() + "' (expected one of "
            + Target.keys(spec.kind) + ")");
        continue;
      }
      JsonNode v = e.getValue();
      if (v.isNull()) {
        spec.unmapped.add(target.key());
        continue;  // null removes a mapping a preset gave
      }
      if (v.isArray()) {
        // Alternatives: the first that fits the export is used (decided when its columns are known).
        List<SourceSpec.Alternative> alternatives = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
          JsonNode a = v.get(i);
          if (a.isNull()) {
            if (i == 0 || i != v.size() - 1 || Target.required(spec.kind).contains(target)) {
              problems.add(where + ": mapping." + e.getKey() + ": null may only end a list of alternatives, of a "
                  + "mapping that is not required (it leaves the target unmapped when no alternative fits)");
            } else {
              alternatives.add(new SourceSpec.Alternative(null, null));
            }
          } else if (a.isTextual()) {
            alternatives.add(new SourceSpec.Alternative(a.asText(), null));
          } else if (a.isObject() && a.size() == 1 && a.has("expr")) {
            alternatives.add(new SourceSpec.Alternative(null, a.get("expr").asText()));
            for (String problem : SqlGuard.problems(a.get("expr").asText())) {
              problems.add(where + ": mapping." + target.key() + ": " + problem);
            }
          } else {
            problems.add(where + ": mapping." + e.getKey()
                + " alternatives must each be a column name or {expr: SQL}");
          }
        }
        if (alternatives.isEmpty()) {
          problems.add(where + ": mapping." + e.getKey() + " lists no alternative");
          continue;
        }
        spec.alternatives.put(target.key(), alternatives);
        SourceSpec.Alternative first = alternatives.get(0);
        spec.mapping.put(target.key(), first.column() != null ? quoteIdentifier(first.column()) : first.sql());
        if (first.column() != null) {
          spec.mappedColumns.put(target.key(), first.column());
        }
        continue;
      }
      if (v.isTextual()) {
        spec.mappedColumns.put(target.key(), v.asText());
        spec.mapping.put(target.key(), quoteIdentifier(v.asText()));
      } else if (v.isObject() && v.size() == 1 && v.has("expr")) {
        spec.mapping.put(target.key(), v.get("expr").asText());
        for (String problem : SqlGuard.problems(v.get("expr").asText())) {
          problems.add(where + ": mapping." + target.key() + ": " + problem);
        }
      } else if (v.isObject() && v.size() == 1 && v.has("const")) {
        spec.constants.add(target.key());
        JsonNode c = v.get("const");
        spec.mapping.put(target.key(),
            c.isNumber() || c.isBoolean() ? c.asText() : "'" + c.asText().replace("'", "\\'") + "'");
      } else {
        problems.add(where + ": mapping." + e.getKey()
            + " must be a column name, {expr: SQL}, {const: value}, a list of alternatives, or null (to remove "
            + "a preset's mapping)");
      }
    }
    for (Target required : Target.required(spec.kind)) {
      if (!spec.mapping.containsKey(required.key())) {
        problems.add(where + ": missing required key 'mapping." + required.key() + "'");
      }
    }
    if (spec.kind == SourceSpec.Kind.ACCOUNTS && !spec.mapping.containsKey(Target.SIGNUP_TS.key())
        && !spec.mapping.containsKey(Target.CHURNED.key())) {
      problems.add(where + ": an accounts source needs 'mapping.signup_ts' (churn learned over time) "
          + "or 'mapping.churned' (a churn flag per account)");
    }
    if (spec.mapping.containsKey(Target.RATING.key()) && spec.ratingMin == null && !spec.ratingScaleAuto) {
      problems.add(where + ": mapping.rating needs rating_scale: [min, max]");
    }
    if (spec.mapping.containsKey(Target.EFFORT.key()) && spec.effortMin == null) {
      problems.add(where + ": mapping.effort needs effort_scale: [min, max] (and effort_easy: high or low)");
    }
  }

  private static void parseAttributes(JsonNode attrs, SourceSpec spec, String where, List<String> problems) {
    if (attrs == null || attrs.isNull()) {
      return;
    }
    if (spec.kind != SourceSpec.Kind.ACCOUNTS) {
      problems.add(where + ": 'attributes' applies to accounts sources only");
      return;
    }
    if (!attrs.isObject()) {
      if (attrs.isTextual() && attrs.asText().equals("auto")) {
        spec.autoAttributes = true;
      } else {
        problems.add(where + ": attributes must be 'auto' or {numeric: [...], categorical: [...]}, not " + attrs);
      }
      return;
    }
    attrs.fieldNames().forEachRemaining(k -> {
      if (!k.equals("numeric") && !k.equals("categorical")) {
        problems.add(where + ": unknown key 'attributes." + k + "' (expected numeric, categorical)");
      }
    });
    if (attrs.has("numeric")) {
      attrs.get("numeric").forEach(n -> spec.numericAttributes.add(n.asText()));
    }
    if (attrs.has("categorical")) {
      attrs.get("categorical").forEach(n -> spec.categoricalAttributes.add(n.asText()));
    }
    Set<String> outputs = new HashSet<>();
    for (String a : concat(spec.numericAttributes, spec.categoricalAttributes)) {
      String column = io.grapevine.core.AccountSchema.attributeColumn(a);
      if (io.grapevine.core.AccountSchema.isFixed(column) || !outputs.add(column)) {
        problems.add(where + ": attribute '" + a + "' becomes column '" + column
            + "', which another column already has");
      }
    }
  }

  private static ObjectMapper expectationsReader() {
    return new ObjectMapper()
        .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** Backtick-quotes a column name for use in a SQL expression. */
  static String quoteIdentifier(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }
}
