package io.grapevine.ingest;

import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;

import io.grapevine.core.UserInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Privacy at the door: customer identifiers become HMAC-SHA256 pseudonyms under a key taken from
 * the environment, and e-mail addresses and phone numbers in free text are masked.
 */
public final class Privacy {
  /** Used only when the development flag asks for it; never for real customer data. */
  static final String DEVELOPMENT_KEY = "grapevine-development-key-not-secret";

  static final String EMAIL = "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}";
  /** 9 to 15 digits, optionally led by + and split by single spaces, dots, dashes or brackets. */
  static final String PHONE = "(?<![\\w+])\\+?\\(?\\d(?:[ .()-]{0,2}\\d){8,14}(?!\\w)";

  private final UserDefinedFunction hmac;

  private Privacy(String key) {
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

  /** Pseudonym of an identifier, normalized first (trimmed, lower case); null stays null. */
  public Column pseudonym(Column identifier) {
    return hmac.apply(lower(trim(identifier)));
  }

  private static final UserDefinedFunction MASK = functions.udf(new Mask(), DataTypes.StringType);

  /** Text with e-mail addresses and phone numbers replaced by {@code [email]} and {@code [phone]}. */
  public static Column mask(Column text) {
    return MASK.apply(text);
  }

  /**
   * The masking itself. A text with no {@code @} and fewer than nine digits can hold neither an
   * address nor a phone number, and most feedback is such a text: one scan of its characters
   * spares it the two patterns, which cost more than the rest of ingest together when run on
   * every text.
   */
  static String maskText(String text) {
    if (text == null) {
      return null;
    }
    boolean at = false;
    int digits = 0;
    for (int i = 0, n = text.length(); i < n && !at; i++) {
      char c = text.charAt(i);
      at = c == '@';
      if (c >= '0' && c <= '9') {  // what the phone pattern's \d matches
        digits++;
      }
    }
    if (!at && digits < 9) {
      return text;
    }
    String out = at ? EMAIL_PATTERN.matcher(text).replaceAll("[email]") : text;
    return PHONE_PATTERN.matcher(out).replaceAll("[phone]");
  }

  private static final Pattern EMAIL_PATTERN = Pattern.compile(EMAIL);
  private static final Pattern PHONE_PATTERN = Pattern.compile(PHONE);

  static final class Mask implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call(String text) {
      return maskText(text);
    }
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
