package io.grapevine.ingest;

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
  /** Target field -> the export column it names, for targets mapped to a plain column. */
  public Map<String, String> mappedColumns = new LinkedHashMap<>();
  public List<String> numericAttributes = new ArrayList<>();
  public List<String> categoricalAttributes = new ArrayList<>();

  /** Reader options shared by the text formats. */
  public static final class ReaderOptions implements Serializable {
    private static final long serialVersionUID = 1L;
    public char delimiter = ',';
    public char quote = '"';
    public char escape = '"';
    public String encoding = "UTF-8";
    /** Physical lines of junk before the header. */
    public int skipLines = 0;
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
    /** Values that mean "no value" (compared after trimming). */
    public List<String> nullValues =
        new ArrayList<>(List.of("", "N/A", "NA", "n/a", "nan", "NaN", "NULL", "null", "None"));
  }
}
