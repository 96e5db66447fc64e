package io.grapevine.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a catalog's SQL (mapping expressions, {@code where:}) may call: Spark SQL's functions on
 * data (strings, numbers, times, conditionals, conversions, arrays, maps, structs, JSON, CSV, hashes,
 * URLs) and nothing that reaches the JVM, the environment, files or other tables ({@code java_method},
 * {@code reflect}, {@code input_file_name}, {@code current_user}, {@code from_protobuf} with a
 * descriptor file, {@code xpath}, subqueries). Checked on the text before Spark sees it: every word
 * followed by an opening bracket is a function name and must be on the allow-list; words that only a
 * query has ({@code SELECT}, {@code TABLE}, {@code JOIN}, ...) are refused wherever they stand.
 */
final class SqlGuard {
  private SqlGuard() {}

  /** Words of SQL syntax that may stand before a bracket without being a function. */
  private static final Set<String> SYNTAX = Set.of("in", "not", "and", "or", "when", "then", "else", "case",
      "is", "like", "ilike", "rlike", "between", "cast", "try_cast", "as", "any", "all", "some", "distinct",
      "end", "null", "true", "false", "escape");

  /** Words only a query has: a subquery could read any table or file. */
  private static final Set<String> QUERY = Set.of("select", "table", "values", "join", "union", "intersect",
      "lateral", "over", "window", "minus");

  /** Spark SQL 4.1's functions on data, by group (see the class comment for what is left out). */
  static final Set<String> ALLOWED = Set.of(
      // strings
      "ascii", "base64", "bit_length", "btrim", "char", "char_length", "character_length", "chr", "collate",
      "collation", "concat_ws", "contains", "decode", "elt", "encode", "endswith", "find_in_set", "format_number",
      "format_string", "initcap", "instr", "is_valid_utf8", "lcase", "left", "len", "length", "levenshtein",
      "locate", "lower", "lpad", "ltrim", "luhn_check", "make_valid_utf8", "mask", "octet_length", "overlay",
      "position", "printf", "quote", "regexp_count", "regexp_extract", "regexp_extract_all", "regexp_instr",
      "regexp_replace", "regexp_substr", "repeat", "replace", "right", "rpad", "rtrim", "sentences", "soundex",
      "space", "split", "split_part", "startswith", "substr", "substring", "substring_index", "to_binary",
      "to_char", "to_number", "to_varchar", "translate", "trim", "try_to_binary", "try_to_number",
      "try_validate_utf8", "ucase", "unbase64", "upper", "validate_utf8",
      // dates and times
      "add_months", "convert_timezone", "curdate", "current_date", "current_timestamp", "date_add", "date_diff",
      "date_format", "date_from_unix_date", "date_part", "date_sub", "date_trunc", "dateadd", "datediff",
      "datepart", "day", "dayname", "dayofmonth", "dayofweek", "dayofyear", "extract", "from_unixtime",
      "from_utc_timestamp", "hour", "last_day", "localtimestamp", "make_date", "make_dt_interval",
      "make_interval", "make_timestamp", "make_timestamp_ltz", "make_timestamp_ntz", "make_ym_interval",
      "minute", "month", "monthname", "months_between", "next_day", "now", "quarter", "second",
      "timestamp_micros", "timestamp_millis", "timestamp_seconds", "to_date", "to_timestamp", "to_timestamp_ltz",
      "to_timestamp_ntz", "to_unix_timestamp", "to_utc_timestamp", "trunc", "try_make_interval",
      "try_make_timestamp", "try_make_timestamp_ltz", "try_make_timestamp_ntz", "try_to_date",
      "try_to_timestamp", "unix_date", "unix_micros", "unix_millis", "unix_seconds", "unix_timestamp", "weekday",
      "weekofyear", "year",
      // numbers and bits
      "abs", "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "bin", "bround", "cbrt", "ceil",
      "ceiling", "conv", "cos", "cosh", "cot", "csc", "degrees", "div", "e", "exp", "expm1", "factorial", "floor",
      "greatest", "hex", "hypot", "least", "ln", "log", "log10", "log1p", "log2", "mod", "negative", "pi", "pmod",
      "positive", "pow", "power", "radians", "rand", "randn", "random", "rint", "round", "sec", "sign", "signum",
      "sin", "sinh", "sqrt", "tan", "tanh", "try_add", "try_divide", "try_mod", "try_multiply", "try_subtract",
      "unhex", "width_bucket", "bit_count", "bit_get", "getbit", "shiftleft", "shiftright", "shiftrightunsigned",
      // conditionals, predicates, conversions
      "coalesce", "if", "ifnull", "nanvl", "nullif", "nullifzero", "nvl", "nvl2", "zeroifnull", "equal_null",
      "isnan", "isnotnull", "isnull", "regexp", "regexp_like", "bigint", "binary", "boolean", "date", "decimal",
      "double", "float", "int", "smallint", "string", "timestamp", "tinyint",
      // arrays, maps, structs, and functions over them
      "array", "array_append", "array_compact", "array_contains", "array_distinct", "array_except",
      "array_insert", "array_intersect", "array_join", "array_max", "array_min", "array_position",
      "array_prepend", "array_remove", "array_repeat", "array_size", "array_union", "arrays_overlap",
      "arrays_zip", "flatten", "get", "sequence", "slice", "sort_array", "cardinality", "concat", "element_at",
      "reverse", "size", "try_element_at", "map", "map_concat", "map_contains_key", "map_entries",
      "map_from_arrays", "map_from_entries", "map_keys", "map_values", "str_to_map", "named_struct", "struct",
      "aggregate", "array_sort", "exists", "filter", "forall", "map_filter", "map_zip_with", "reduce",
      "transform", "transform_keys", "transform_values", "zip_with",
      // documents inside values
      "from_json", "get_json_object", "json_array_length", "json_object_keys", "json_tuple", "schema_of_json",
      "to_json", "from_csv", "schema_of_csv", "to_csv", "from_xml", "schema_of_xml", "to_xml", "parse_json",
      "try_parse_json", "variant_get", "try_variant_get", "is_variant_null", "schema_of_variant",
      "to_variant_object",
      // hashes and URLs
      "crc32", "hash", "md5", "sha", "sha1", "sha2", "xxhash64", "parse_url", "try_parse_url", "url_decode",
      "try_url_decode", "url_encode",
      "typeof");

  /** What is wrong with {@code sql} as catalog SQL, one message each; none when it may be used. */
  static List<String> problems(String sql) {
    List<String> problems = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        i = skipString(sql, i, c);
      } else if (c == '`') {
        int end = sql.indexOf('`', i + 1);
        while (end > 0 && end + 1 < n && sql.charAt(end + 1) == '`') {
          end = sql.indexOf('`', end + 2);
        }
        i = end < 0 ? n : end + 1;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
          i++;
        }
        String word = sql.substring(start, i).toLowerCase(Locale.ROOT);
        boolean qualified = start > 0 && sql.charAt(start - 1) == '.';
        int j = i;
        while (j < n && Character.isWhitespace(sql.charAt(j))) {
          j++;
        }
        boolean call = j < n && sql.charAt(j) == '(';
        boolean qualifies = j < n && sql.charAt(j) == '.' && call(sql, j + 1);
        if (QUERY.contains(word) && !qualified) {
          problems.add("'" + word.toUpperCase(Locale.ROOT) + "' makes a query; a catalog expression computes "
              + "a value from the row's own columns");
        } else if (call && qualified || qualifies) {
          problems.add("a qualified function name (" + word + "...) names a function outside Spark SQL's own");
        } else if (call && !SYNTAX.contains(word) && !ALLOWED.contains(word)) {
          problems.add("function " + word + " is not one a catalog may call (only Spark SQL's functions on "
              + "data; nothing that reaches the JVM, the environment or files)");
        }
      } else {
        i++;
      }
    }
    return problems;
  }

  /** Whether a qualified name continuing at {@code from} ends in a call. */
  private static boolean call(String sql, int from) {
    int i = from;
    while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
        || sql.charAt(i) == '.')) {
      i++;
    }
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i > from && i < sql.length() && sql.charAt(i) == '(';
  }

  private static int skipString(String sql, int i, char quote) {
    int j = i + 1;
    while (j < sql.length()) {
      char c = sql.charAt(j);
      if (c == '\\') {
        j += 2;
      } else if (c == quote) {
        if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
          j += 2;
        } else {
          return j + 1;
        }
      } else {
        j++;
      }
    }
    return sql.length();
  }
}
