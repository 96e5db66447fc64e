package io.grapevine.ingest;

import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;

import io.grapevine.core.UserInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Privacy at the door. Customer identifiers become HMAC-SHA256 pseudonyms under a key taken from
 * the environment. In free text: e-mail addresses become {@code [email]}; payment-card numbers (13
 * to 19 digits, spaces or dashes between, Luhn-valid) {@code [card]}; IBANs (mod-97 valid)
 * {@code [iban]}; phone numbers {@code [phone]} (not dates and times, which look like them); the
 * row's customer name, wherever it recurs, and in a company's reply the name after a salutation
 * ("Dear Mr Laevers", "Hi Anna", "Bonjour Jean M", "Здравствуйте, Иван", in the languages Grapevine
 * supports) {@code [name]}; a mention of an account ({@code @handle}, Reddit's {@code u/handle})
 * {@code @[user]} or {@code u/[user]}, unless the source names the handle public (a brand's own,
 * {@code public_handles}). A quarantined record's raw text is masked the same way, and its customer
 * identifier and the values of the source's {@code personal_fields} replaced by their pseudonyms.
 */
public final class Privacy {
  /** Used only when the development flag asks for it; never for real customer data. */
  static final String DEVELOPMENT_KEY = "grapevine-development-key-not-secret";

  static final String EMAIL = "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}";
  /** 9 to 15 digits, optionally led by + and split by single spaces, dots, dashes or brackets. */
  static final String PHONE = "(?<![\\w+])\\+?\\(?\\d(?:[ .()-]{0,2}\\d){8,14}(?!\\w)";
  /** 13 to 19 digits, single spaces or dashes between. */
  static final String CARD = "(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])";
  /** A country code, two check digits and 11 to 30 letters or digits, in groups of four or not. */
  static final String IBAN = "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])";

  /**
   * A mention: {@code @} and a handle (letters, digits, underscores, single dots inside: X, Instagram,
   * TikTok) not inside a word or an address; or Reddit's {@code u/handle} and {@code /user/handle}.
   * Group "handle" is what is masked: a dot may also end an X handle ("@united.Still"), which
   * {@link #maskMentions} tells by what stands before it.
   */
  static final String MENTION = "(?<![\\p{L}\\p{N}_.@])@(?<handle>[\\p{L}\\p{N}_]{1,30}(?:\\.[\\p{L}\\p{N}_]{1,30})*)"
      + "(?![\\p{L}\\p{N}_@])"
      + "|(?:(?<![\\p{L}\\p{N}_/-])u/|/u/|/user/)(?<redditor>[A-Za-z0-9_-]{3,20})(?![\\p{L}\\p{N}_-])";

  private static final Pattern EMAIL_PATTERN = Pattern.compile(EMAIL);
  private static final Pattern MENTION_PATTERN = Pattern.compile(MENTION);
  /** What follows an {@code @} that is a time, not a handle: "@5", "@10am", "@10:30". */
  private static final Pattern AT_TIME = Pattern.compile("(?i)\\d{1,2}(?:[:.]\\d{2})?(?:am|pm|h)?");
  private static final Pattern PHONE_PATTERN = Pattern.compile(PHONE);
  private static final Pattern CARD_PATTERN = Pattern.compile(CARD);
  private static final Pattern IBAN_PATTERN = Pattern.compile(IBAN);
  /** What a phone-looking run of digits is when it is a date (2026-10-01, 01.10.2026, 1/10/26). */
  private static final Pattern DATE = Pattern.compile("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}.*|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}.*");

  /**
   * A salutation, an optional title, and the one or two capitalized words after them, in the
   * supported languages (en, de, fr, es, it, pt, nl, pl, ru, uk). Group "name" is what is masked.
   */
  private static final Pattern SALUTATION = Pattern.compile(
      "(?iu)(?:dear|hi|hello|hey|good (?:morning|afternoon|evening)|thanks|thank you|greetings"
          + "|liebe[rs]?|hallo|guten (?:tag|morgen|abend)|sehr geehrte[rs]?|moin|servus|danke"
          + "|bonjour|bonsoir|salut|ch[eè]re?|coucou|merci"
          + "|hola|estimad[oa]s?|querid[oa]s?|buen[oa]s (?:d[ií]as|tardes|noches)|gracias"
          + "|ciao|salve|gentile|car[oa]|buongiorno|buonasera|grazie"
          + "|ol[aá]|oi|prezad[oa]|bom dia|boa (?:tarde|noite)|obrigad[oa]"
          + "|beste|hoi|dag|geachte|goedemorgen|goedemiddag|goedenavond|bedankt"
          + "|dzie[nń] dobry|witam|witaj|cze[sś][cć]|szanown[ayi]|drog[ia]|dzi[eę]kuj[eę]"
          + "|здравствуйте|добрый (?:день|вечер)|доброе утро|привет|уважаем(?:ый|ая|ые)|дорог(?:ой|ая)|спасибо"
          + "|добрий день|вітаю|привіт|шановн(?:ий|а|і)|дякую)"
          + "[ \\t,:!]+"
          + "(?:(?:mr|mrs|ms|miss|mx|dr|prof|herr|frau|m|mme|mlle|monsieur|madame|sr|sra|srta|don|do[nñ]a"
          + "|se[nñ]or|se[nñ]ora|sig|sig\\.ra|signor|signora|dott|senhor|senhora|dhr|mevr|meneer|mevrouw|pan|pani"
          + "|panie|господин|госпожа|г-н|г-жа|пане|пані)\\.?[ \\t]+)?"
          + "(?<name>(?-i:\\p{Lu})[\\p{L}\\p{N}_'’-]*\\.?(?:[ \\t]+(?-i:\\p{Lu})[\\p{L}\\p{N}_'’-]*\\.?)?)");

  /** Titles before a name, lower case, without their dot. */
  private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "herr", "frau",
      "m", "mme", "mlle", "monsieur", "madame", "sr", "sra", "srta", "don", "doña", "dona", "señor", "señora",
      "senor", "senora", "sig", "signor", "signora", "dott", "senhor", "senhora", "dhr", "mevr", "meneer",
      "mevrouw", "pan", "pani", "panie", "господин", "госпожа", "пане", "пані");

  /** Words after a salutation that are not names. */
  private static final Set<String> NOT_NAMES = new java.util.HashSet<>(java.util.Arrays.asList("there", "all", "everyone", "everybody", "team", "customer",
      "customers", "sir", "madam", "sir/madam", "friend", "friends", "folks", "guys", "again", "and", "for",
      "you", "so", "very", "much", "lot", "a", "the", "ok", "okay", "thanks", "thank", "again.", "support",
      "tous", "à", "a", "pour", "vous", "beaucoup", "client", "cliente", "todos", "mucho", "muchas", "tutti",
      "mille", "molto", "tudo", "muito", "allemaal", "iedereen", "wel", "klant", "wszystkim", "bardzo",
      "всем", "вам", "большое", "всім", "вам.", "дуже", "madame", "monsieur", "frau", "herr", "damen",
      "kunde", "kundin", "zusammen", "world", "valued", "dear"));

  private final String key;
  private final UserDefinedFunction hmac;

  private Privacy(String key) {
    this.key = key;
    this.hmac = functions.udf(new Hmac(key), DataTypes.StringType);
  }

  /**
   * The key from {@code keyEnv}; with {@code developmentKey} a fixed, public key instead. Missing
   * key without the flag is an error: pseudonyms must not be guessable.
   */
  public static Privacy fromEnvironment(String keyEnv, boolean developmentKey) {
    if (developmentKey) {
      return new Privacy(DEVELOPMENT_KEY);
    }
    String key = System.getenv(keyEnv);
    if (key == null || key.isBlank()) {
      throw new UserInputException(String.format(
          "Environment variable %s is not set: it holds the secret key that pseudonymizes customer "
              + "identifiers; set it, or pass --dev-pseudonym-key on a development machine", keyEnv));
    }
    return new Privacy(key);
  }

  public static Privacy withKey(String key) {
    return new Privacy(key);
  }

  /** Whether this is the public development key, which anyone can reverse pseudonyms with. */
  public boolean development() {
    return DEVELOPMENT_KEY.equals(key);
  }

  /**
   * A fingerprint of the key that does not reveal it: outputs pseudonymized under different keys
   * must not be mixed (a customer's key would differ between them).
   */
  public String fingerprint() {
    try {
      return new Hmac(key).call("grapevine key fingerprint").substring(0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Pseudonym of an identifier, normalized first (trimmed, lower case); null stays null. */
  public Column pseudonym(Column identifier) {
    return hmac.apply(lower(trim(identifier)));
  }

  private static final UserDefinedFunction MASK = functions.udf(new Mask(Set.of()), DataTypes.StringType);

  /** Text with contact details, card numbers, IBANs and mentions masked. */
  public static Column mask(Column text) {
    return MASK.apply(text, functions.lit(null).cast(DataTypes.StringType), functions.lit(false));
  }

  /**
   * {@link #mask(Column)}, the customer's own name ({@code name}, may be null) wherever it recurs,
   * and where {@code reply} is true (a company's message) the names after salutations; mentions of
   * the handles in {@code publicHandles} (lower case, without their {@code @}) are kept.
   */
  public static Column mask(Column text, Column name, Column reply, Set<String> publicHandles) {
    UserDefinedFunction udf = publicHandles.isEmpty() ? MASK
        : functions.udf(new Mask(publicHandles), DataTypes.StringType);
    return udf.apply(text, name, functions.coalesce(reply, functions.lit(false)));
  }

  /**
   * A quarantined record's raw text: masked like any text, the customer's identifier as it stands in
   * the record replaced by its pseudonym, and so each of {@code personal} (an array of the values of
   * the source's {@code personal_fields}: other ids and names of people the record holds).
   */
  public Column maskRaw(Column raw, Column customer, Column name, Column personal, Set<String> publicHandles) {
    return functions.udf(new MaskRaw(key, publicHandles), DataTypes.StringType).apply(raw, customer, name, personal);
  }

  /** {@link #maskText(String, String, boolean)} of a company's reply, without a name. */
  static String maskText(String text) {
    return maskText(text, null, true);
  }

  static String maskText(String text, String name) {
    return maskText(text, name, true);
  }

  static String maskText(String text, String name, boolean reply) {
    return maskText(text, name, reply, Set.of());
  }

  /** A handle as a catalog may name it: with or without its {@code @} or {@code u/}. */
  static final Pattern HANDLE = Pattern.compile("(?:@|/?u/|/user/)?([\\p{L}\\p{N}_.-]{1,30})");

  /**
   * Handles as {@link #mask(Column, Column, Column, Set)} compares them: lower case, no {@code @} or
   * {@code u/}; null where one is not a {@link #HANDLE}.
   */
  public static Set<String> handles(java.util.Collection<String> handles) {
    Set<String> out = new java.util.HashSet<>();
    for (String h : handles) {
      Matcher m = HANDLE.matcher(h.trim());
      if (!m.matches()) {
        return null;
      }
      out.add(m.group(1).toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /**
   * The masking itself. A text with no {@code @}, fewer than nine digits and no capital letter
   * after a salutation can hold none of the patterns; one scan of its characters spares most
   * feedback the patterns, which cost more than the rest of ingest together when run on every text.
   */
  static String maskText(String text, String name, boolean reply, Set<String> publicHandles) {
    if (text == null) {
      return null;
    }
    boolean at = false;
    boolean redditor = false;
    int digits = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      at |= c == '@';
      redditor |= c == '/' && i > 0 && (text.charAt(i - 1) == 'u' || text.charAt(i - 1) == 'r');
      if (c >= '0' && c <= '9') {  // what the patterns' \d matches
        digits++;
      }
    }
    return mask(text, name, at, redditor, digits >= 9, reply, publicHandles);
  }

  /** Every mask, whatever the text holds (what the quick scan in {@link #maskText} must agree with). */
  static String maskAll(String text, String name) {
    return text == null ? null : mask(text, name, true, true, true, true, Set.of());
  }

  private static String mask(String text, String name, boolean at, boolean redditor, boolean digits,
      boolean reply, Set<String> publicHandles) {
    String out = text;
    if (at) {
      out = EMAIL_PATTERN.matcher(out).replaceAll("[email]");
    }
    if (at || redditor) {
      out = maskMentions(out, publicHandles);
    }
    if (digits) {
      out = replaceValid(IBAN_PATTERN, out, "[iban]", Privacy::ibanValid);
      out = replaceValid(CARD_PATTERN, out, "[card]", Privacy::luhnValid);
      out = replaceValid(PHONE_PATTERN, out, "[phone]", Privacy::notDateOrTime);
    }
    if (name != null && !name.isBlank()) {
      out = maskName(out, name);
    }
    return reply ? maskSalutations(out) : out;
  }

  private interface Check {
    boolean valid(String match, String text, int end);
  }

  private static String replaceValid(Pattern pattern, String text, String with, Check check) {
    Matcher m = pattern.matcher(text);
    StringBuilder b = null;
    int last = 0;
    while (m.find()) {
      if (check.valid(m.group(), text, m.end())) {
        if (b == null) {
          b = new StringBuilder(text.length());
        }
        b.append(text, last, m.start()).append(with);
        last = m.end();
      }
    }
    return b == null ? text : b.append(text, last, text.length()).toString();
  }

  /** Mentions of accounts, but for public handles and times ("@10am"). */
  static String maskMentions(String text, Set<String> publicHandles) {
    Matcher m = MENTION_PATTERN.matcher(text);
    StringBuilder b = null;
    int last = 0;
    while (m.find()) {
      String group = m.group("handle") != null ? "handle" : "redditor";
      String handle = m.group(group);
      // "@united.Still" is @united and a word; "@12am.Today" a time and a word.
      String first = handle.contains(".") ? handle.substring(0, handle.indexOf('.')) : handle;
      if (publicHandles.contains(handle.toLowerCase(Locale.ROOT)) || publicHandles.contains(first.toLowerCase(Locale.ROOT))
          || group.equals("handle") && AT_TIME.matcher(first).matches()) {
        continue;
      }
      if (b == null) {
        b = new StringBuilder(text.length());
      }
      b.append(text, last, m.start(group)).append("[user]");
      last = m.end(group);
    }
    return b == null ? text : b.append(text, last, text.length()).toString();
  }

  /** Luhn's checksum over the digits of a match. */
  static boolean luhnValid(String match, String text, int end) {
    int sum = 0;
    int count = 0;
    boolean twice = false;
    for (int i = match.length() - 1; i >= 0; i--) {
      char c = match.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
      count++;
    }
    return count >= 13 && count <= 19 && sum % 10 == 0;
  }

  /** An IBAN's mod-97 check: the country code and check digits moved to the end, letters as numbers. */
  static boolean ibanValid(String match, String text, int end) {
    String iban = match.replace(" ", "");
    if (iban.length() < 15 || iban.length() > 34) {
      return false;
    }
    String moved = iban.substring(4) + iban.substring(0, 4);
    int remainder = 0;
    for (int i = 0; i < moved.length(); i++) {
      char c = moved.charAt(i);
      int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
      remainder = (int) (((long) remainder * (v >= 10 ? 100 : 10) + v) % 97);
    }
    return remainder == 1;
  }

  /** A phone-like match that is a date (2026-10-01 10) or runs into a time (10:00) is not a phone number. */
  private static boolean notDateOrTime(String match, String text, int end) {
    if (DATE.matcher(match).matches()) {
      return false;
    }
    return !(end < text.length() && text.charAt(end) == ':');
  }

  /**
   * The customer's name, whole (any case) and each word of it (two letters or more, not a title), as
   * words. A word written capitalized in the name ("Long", "Can", "Price") is masked where the text
   * capitalizes it too, so that "long haul" and "can't" stay; a handle's word ("cairdin") in any case.
   */
  static String maskName(String text, String name) {
    String out = text;
    String full = name.trim();
    if (full.length() >= 2) {
      out = Pattern.compile("(?iu)(?<![\\p{L}\\p{N}])" + Pattern.quote(full) + "(?![\\p{L}\\p{N}])")
          .matcher(out).replaceAll("[name]");
    }
    for (String part : full.split("[\\s,]+")) {
      String p = part.replaceAll("[.]$", "");
      if (p.codePointCount(0, p.length()) < 2 || p.equalsIgnoreCase("name")
          || TITLES.contains(p.toLowerCase(Locale.ROOT))) {
        continue;
      }
      int first = p.codePointAt(0);
      String word = Character.isUpperCase(first)
          ? Pattern.quote(new String(Character.toChars(first))) + "(?iu:" + Pattern.quote(p.substring(Character.charCount(first))) + ")"
          : "(?iu:" + Pattern.quote(p) + ")";
      out = Pattern.compile("(?<![\\p{L}\\p{N}\\[])" + word + "(?![\\p{L}\\p{N}\\]])")
          .matcher(out).replaceAll("[name]");
    }
    return out;
  }

  /** Names after a salutation anywhere in a text (a raw record holds a reply inside its fields). */
  static String maskSalutationsAnywhere(String text) {
    Matcher m = SALUTATION.matcher(text);
    StringBuilder b = null;
    int last = 0;
    while (m.find()) {
      boolean wordStart = m.start() == 0 || !Character.isLetter(text.charAt(m.start() - 1));
      String first = m.group("name").split("\\s+")[0].replaceAll("[.,!]$", "").toLowerCase(Locale.ROOT);
      if (wordStart && m.start("name") >= last && !NOT_NAMES.contains(first) && !TITLES.contains(first)) {
        if (b == null) {
          b = new StringBuilder(text.length());
        }
        b.append(text, last, m.start("name")).append("[name]");
        last = m.end("name");
      }
    }
    return b == null ? text : b.append(text, last, text.length()).toString();
  }

  /** Names after a salutation at the start of the text or of one of its lines. */
  static String maskSalutations(String text) {
    StringBuilder b = null;
    int last = 0;
    Matcher m = SALUTATION.matcher(text);
    int line = 0;
    while (line < text.length()) {
      int pos = line;
      while (pos < text.length() && (Character.isWhitespace(text.charAt(pos)) || text.charAt(pos) == '@')) {
        if (text.charAt(pos) == '@') {  // a mention before the greeting: @brand Hi Anna
          while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
            pos++;
          }
        } else {
          pos++;
        }
      }
      m.region(pos, text.length());
      if (m.lookingAt() && m.start("name") >= last) {
        String name = m.group("name");
        String first = name.split("\\s+")[0].replaceAll("[.,!]$", "").toLowerCase(Locale.ROOT);
        // A title the regex took for the name: what follows it is no name (already masked, say).
        if (!NOT_NAMES.contains(first) && !TITLES.contains(first)) {
          if (b == null) {
            b = new StringBuilder(text.length());
          }
          String[] words = name.split("\\s+");
          int end = m.start("name") + words[0].length();
          // A second word is part of the name when capitalized and not a common word.
          if (words.length > 1 && !NOT_NAMES.contains(words[1].replaceAll("[.,!]$", "").toLowerCase(Locale.ROOT))) {
            end = m.end("name");
          }
          b.append(text, last, m.start("name")).append("[name]");
          last = end;
        }
      }
      int next = text.indexOf('\n', line);
      line = next < 0 ? text.length() : next + 1;
    }
    return b == null ? text : b.append(text, last, text.length()).toString();
  }

  static final class Mask implements UDF3<String, String, Boolean, String> {
    private static final long serialVersionUID = 1L;
    private final Set<String> publicHandles;

    Mask(Set<String> publicHandles) {
      this.publicHandles = Set.copyOf(publicHandles);
    }

    @Override
    public String call(String text, String name, Boolean reply) {
      return maskText(text, name, reply != null && reply, publicHandles);
    }
  }

  /** A raw record masked, its customer identifier as the pseudonym that identifier has everywhere. */
  static final class MaskRaw implements org.apache.spark.sql.api.java.UDF4<String, String, String, scala.collection.Seq<String>, String> {
    private static final long serialVersionUID = 1L;
    private final Hmac hmac;
    private final Set<String> publicHandles;

    MaskRaw(String key, Set<String> publicHandles) {
      this.hmac = new Hmac(key);
      this.publicHandles = Set.copyOf(publicHandles);
    }

    @Override
    public String call(String raw, String customer, String name, scala.collection.Seq<String> personal)
        throws GeneralSecurityException {
      if (raw == null) {
        return null;
      }
      String out = raw;
      if (customer != null && customer.trim().length() >= 3) {
        out = out.replace(customer.trim(), "[customer " + hmac.call(customer.trim().toLowerCase(Locale.ROOT)) + "]");
      }
      for (int i = 0; personal != null && i < personal.length(); i++) {
        String value = personal.apply(i) == null ? "" : personal.apply(i).trim();
        if (value.length() >= 3) {
          // Where it stands whole, not inside a longer word or id.
          out = Pattern.compile("(?<![\\p{L}\\p{N}_])" + Pattern.quote(value) + "(?![\\p{L}\\p{N}_])").matcher(out)
              .replaceAll(java.util.regex.Matcher.quoteReplacement(
                  "[person " + hmac.call(value.toLowerCase(Locale.ROOT)) + "]"));
        }
      }
      return maskSalutationsAnywhere(maskText(maskIpAddresses(out), name, true, publicHandles));
    }
  }

  /** An IPv4 address, not part of a longer dotted number (a version such as 2.10.1.3.7). */
  private static final Pattern IPV4 = Pattern.compile(
      "(?<!\\d|\\d\\.)(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?!\\d|\\.\\d)");

  /**
   * IPv4 addresses as {@code [ip]}: a survey export's {@code IPAddress} column (Qualtrics) is the
   * respondent's. Only in raw records: in a text, four dotted numbers are more often an app's version.
   */
  static String maskIpAddresses(String raw) {
    return raw == null || raw.indexOf('.') < 0 ? raw : IPV4.matcher(raw).replaceAll("[ip]");
  }

  /** HMAC-SHA256 in hex; one {@link Mac} per task, created on first use. */
  static final class Hmac implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;
    private final byte[] key;
    private transient Mac mac;

    Hmac(String key) {
      this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String call(String value) throws GeneralSecurityException {
      if (value == null || value.isEmpty()) {
        return null;
      }
      if (mac == null) {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
      }
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }
  }
}
