package io.grapevine.core;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The channels feedback arrives through; the one list of them in the product. */
public enum Channel {
  REVIEW_SITE,
  SOCIAL_MEDIA,
  SURVEY,
  COMPLAINT,
  SUPPORT,
  WORD_OF_MOUTH;

  /** The name used in catalogs and in every output table: {@code review_site}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(Channel::wireName).toList();
  }

  /** Parses a catalog value, naming the allowed values when it is not one of them. */
  public static Channel parse(String value) {
    for (Channel c : values()) {
      if (c.wireName().equals(value)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        String.format("Unknown channel '%s': expected one of %s", value, wireNames()));
  }
}
