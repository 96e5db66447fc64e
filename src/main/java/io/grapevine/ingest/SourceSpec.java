package io.grapevine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One validated catalog entry: where an export is, how to read it, and how its fields map. */
public final class SourceSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a source holds: feedback rows, or one row per account (accounts/CRM export). */
  public enum Kind { FEEDBACK, ACCOUNTS }

  public String name;
  public Kind kind = Kind.FEEDBACK;
  /** Absolute path or glob, resolved against the catalog's folder. */
  public String path;
  public ExportFormat format;
  /** Channel wire name; null for accounts. */
  public String channel;
  public String timezone = "UTC";
  public List<String> timestampFormats = new ArrayList<>();
  public ReaderOptions options = new ReaderOptions();
  public Double ratingMin;
  public Double ratingMax;
  /** The effort (CES) answer's scale, and whether its high end means easy (CES 2.0 agreement). */
  public Double effortMin;
  public Double effortMax;
  public boolean effortEasyHigh = true;
  /** Target field -> SQL expression over the export's columns (a column, a literal or an expression). */
  public Map<String, String> mapping = new LinkedHashMap<>();
  /**
   * Targets mapped to a list of alternatives (export shapes differ between versions of a vendor's
   * export): each a column name, or an SQL expression with {@code sql} set; the first that fits the
   * export is used, set into {@link #mapping} when the export's columns are known.
   */
  public Map<String, List<Alternative>> alternatives = new LinkedHashMap<>();

  /**
   * One way to map a target: a column of the export, or an expression over its columns; neither
   * (the list's last, written null) leaves the target unmapped when no other fits.
   */
  public record Alternative(String column, String sql) implements Serializable {
    public boolean none() {
      return column == null && sql == null;
    }
  }

  /** Target field -> the export column it names, for targets mapped to a plain column. */
  public Map<String, String> mappedColumns = new LinkedHashMap<>();
  public List<String> numericAttributes = new ArrayList<>();
  public List<String> categoricalAttributes = new ArrayList<>();
  /** {@code attributes: auto}: the attributes are chosen from the export at ingest ({@link AutoAttributes}). */
  public boolean autoAttributes;
  /** {@code timestamp_formats: auto} and {@code rating_scale: auto}: decided from the export ({@link AutoFormats}). */
  public boolean timestampFormatsAuto;
  public boolean ratingScaleAuto;
  /** {@code questions: auto}: a survey's answers the mapping leaves out are found in the export ({@link AutoQuestions}). */
  public boolean questionsAuto;
  /** Targets the catalog removed with null (a preset's mapping, or one {@code questions: auto} would find). */
  public java.util.Set<String> unmapped = new java.util.HashSet<>();
  /** For each target mapped to alternatives, the one the export fitted (a column, an expression, or null: none). */
  public Map<String, String> chosenMapping = new LinkedHashMap<>();
  /** What was decided from the export for the keys left to it, and on what; for the manifest. */
  public Map<String, String> autoDecisions = new LinkedHashMap<>();
  /** What {@code attributes: auto} made of each column (numeric, categorical, or left out and why). */
  public Map<String, String> attributeChoices = new LinkedHashMap<>();
  /** Targets mapped to a constant ({@code {const: ...}}): they say nothing about a row's content. */
  public java.util.Set<String> constants = new java.util.HashSet<>();
  /** A Spark SQL condition over the export's columns; rows where it is not true are filtered out. */
  public String where;
  /**
   * {@code where} given as a list (a preset's, for exports of several shapes): the first condition
   * valid over the export's columns is {@link #where}; a null at the end: no condition when none is.
   */
  public List<String> whereAlternatives;
  /** The preset the entry names, or null. */
  public String preset;
  /** The entry as the catalog writes it, before its preset is laid underneath (the driver's only). */
  public transient JsonNode entry;
  /** This source's expectations over the defaults (null: the defaults alone). */
  public Expectations expectations;
  /** The languages the source's texts are in (ISO 639-1), a prior for language detection. */
  public List<String> languages = new ArrayList<>();
  /** Handles whose mentions are kept in texts (the brand's own accounts), lower case, without {@code @}. */
  public java.util.Set<String> publicHandles = new java.util.HashSet<>();
  /**
   * Fields of the export (dotted paths into a document) that hold other ids or names of people,
   * beside the mapped customer: pseudonymized in a quarantined raw record; fields the export lacks are passed over.
   */
  public List<String> personalFields = new ArrayList<>();
  /** Fields found by their names to hold a person's name, handle or id (not declared), for the manifest. */
  public List<String> personalFieldsFound = new ArrayList<>();
  /** Months in the period {@code mapping.value} is given per (accounts: month 1, quarter 3, year 12, week 7/30.4375). */
  public double valuePeriodMonths = 1;

  /** Reader options shared by the text formats. */
  public static final class ReaderOptions implements Serializable {
    private static final long serialVersionUID = 1L;
    public char delimiter = ',';
    /** Whether the catalog gave the delimiter; a CSV's is otherwise taken from its header line. */
    public boolean delimiterGiven;
    public char quote = '"';
    public char escape = '"';
    public String encoding = "UTF-8";
    /** Whether the catalog gave the encoding; a text export's is otherwise taken from its first bytes. */
    public boolean encodingGiven;
    /** Physical lines of junk before the header. */
    public int skipLines = 0;
    /** Whether the catalog gave skip_lines; a CSV's title lines above its header are otherwise found. */
    public boolean skipLinesGiven;
    /** Header records (Qualtrics exports have 3, SurveyMonkey 2); data starts after them. */
    public int headerRows = 1;
    /**
     * Which header record names the columns: a 1-based row number, or 0 for "joined": each row's
     * label carried right across blank cells (a question above its answer columns) and the rows'
     * labels joined with " - ", as SurveyMonkey's two rows need.
     */
    public int headerNameRow = 1;
    /** XML: the element that holds one record. */
    public String rowTag;
    /**
     * JSON documents: the field whose array holds the records, when a document wraps them; of a list,
     * the first such field a document has ({@code [reviews, data, results]}).
     */
    public List<String> records = List.of();
    /**
     * JSON documents: a record's field that holds more records, replies to it (Reddit's thread:
     * {@code data.replies}, a listing whose records are at {@link #records}, or an array of them), read
     * at every depth; of a list, the first the records have; empty: none.
     */
    public List<String> nestedRecords = List.of();
    /** Excel workbooks: the sheet that holds the records; null: the first. */
    public String sheet;
    /** The columns' names of an export without a header row, in order ({@code header_rows} is then 0). */
    public List<String> columnNames;
    /** A field longer than this (in bytes of UTF-8) makes its record a {@code malformed_record}. */
    public int maxFieldChars = 1 << 20;
    /** A quoted field over more lines than this makes its record's first line a {@code malformed_record}. */
    public int maxRecordLines = 1000;
    /** {@code quarantine}: a record with bytes that are not text in the encoding is quarantined; {@code fail}: the file fails. */
    public String onInvalidBytes = "quarantine";
    /** Undo UTF-8 that was read as Windows-1252 or Latin-1 (once or twice over) in text fields. */
    public boolean repairMojibake = false;
    /** The texts are HTML (a shop's or helpdesk's editor wrote them): made plain ({@link HtmlText}). */
    public boolean stripHtml = false;
    /** Values that mean "no value" (compared after trimming). */
    public List<String> nullValues =
        new ArrayList<>(List.of("", "N/A", "NA", "n/a", "nan", "NaN", "NULL", "null", "None"));
  }
}
