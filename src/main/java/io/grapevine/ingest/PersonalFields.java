package io.grapevine.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Fields of an export whose names say they hold a person's name, handle or id: a review's author, a
 * reply's {@code in_reply_to_screen_name}, a form's first and last name, a comment's {@code from.name}.
 * Found by the words of the field's name; a quarantined record's values of them are pseudonymized like
 * the declared {@code personal_fields}, so an export no one described is covered too. A field a mapping
 * reads is left to that mapping (the customer is hashed, texts masked), and a field whose name says it
 * is a count, a flag, a time or a picture of the person is not a name.
 */
final class PersonalFields {
  private PersonalFields() {}

  /** A word that makes a field a person's: its author, user, reviewer... */
  private static final Set<String> PERSON = Set.of("author", "user", "username", "userid", "reviewer", "nickname",
      "login", "commenter", "poster", "requester", "requestor", "respondent", "submitter", "sender", "fullname",
      "firstname", "lastname", "surname", "displayname", "screenname", "profilename");
  /** The first word of a two-word name: display name, first name, screen name... */
  private static final Set<String> NAME_OF = Set.of("display", "full", "first", "last", "given", "family",
      "screen", "profile", "real", "contact", "customer", "member", "sender", "author", "user", "reviewer");
  /** Parents whose {@code name} or {@code id} is a person's: Facebook's {@code from}, Trustpilot's {@code consumer}. */
  private static final Set<String> PERSON_PARENT = Set.of("from", "consumer", "customer", "contact", "author", "user",
      "reviewer", "requester", "commenter", "owner", "sender");
  /** Words that make a person's field something other than who they are. */
  private static final Set<String> NOT_WHO = Set.of("count", "followers", "following", "friends", "statuses",
      "favourites", "favorites", "listed", "verified", "created", "time", "date", "ts", "timezone", "utc", "offset",
      "lang", "language", "type", "kind", "status", "score", "rating", "karma", "premium", "flair", "image", "avatar",
      "photo", "picture", "location", "agent", "is", "has", "cakeday", "patreon", "color", "colour", "background");
  private static final Pattern WORD_BOUNDARY = Pattern.compile("[^\\p{L}\\p{N}]+|(?<=\\p{Ll})(?=\\p{Lu})");

  /**
   * Dotted paths of the schema's fields (into documents, not lists) that hold a single value and whose
   * names say they are a person's, leaving out internal columns and those {@code mappings} read.
   */
  static List<String> find(StructType schema, List<String> mappings) {
    List<String> found = new ArrayList<>();
    walk(schema, List.of(), mappings, found);
    return found;
  }

  private static void walk(StructType struct, List<String> parents, List<String> mappings, List<String> found) {
    for (StructField f : struct.fields()) {
      if (parents.isEmpty() && f.name().startsWith("_")) {
        continue;  // the reader's and mapper's own columns
      }
      List<String> path = new ArrayList<>(parents);
      path.add(f.name());
      DataType type = f.dataType();
      if (type instanceof StructType inner) {
        walk(inner, path, mappings, found);
      } else if ((type.equals(DataTypes.StringType) || type.equals(DataTypes.LongType)
          || type.equals(DataTypes.IntegerType)) && isPerson(path) && !mapped(String.join(".", path), mappings)) {
        found.add(String.join(".", path));
      }
    }
  }

  /** Whether a field at {@code path} (its parents, then its name) is, by its words, a person's. */
  static boolean isPerson(List<String> path) {
    List<String> words = words(path.get(path.size() - 1));
    if (words.isEmpty() || words.stream().anyMatch(NOT_WHO::contains)) {
      return false;
    }
    if (words.stream().anyMatch(PERSON::contains)) {
      return true;
    }
    for (int i = 0; i + 1 < words.size(); i++) {
      if (NAME_OF.contains(words.get(i)) && words.get(i + 1).equals("name")) {
        return true;
      }
    }
    // A bare name: a person's at the top (a product's name is mapped, as the subject), or inside a
    // person's document (from.name, consumer.id).
    boolean bare = words.size() <= 2 && Set.of("name", "id").contains(words.get(0));
    if (bare && path.size() == 1) {
      return words.get(0).equals("name");
    }
    return bare && words(path.get(path.size() - 2)).stream().anyMatch(w -> PERSON_PARENT.contains(w) || PERSON.contains(w));
  }

  /** The lower-case words of a field name: {@code authorDisplayName} and {@code author_display_name} alike. */
  static List<String> words(String name) {
    return Arrays.stream(WORD_BOUNDARY.split(name)).filter(w -> !w.isEmpty())
        .map(w -> w.toLowerCase(Locale.ROOT)).toList();
  }

  /** Whether a mapping expression names the field by its whole path ({@code `user`.`id`} is not {@code id}). */
  private static boolean mapped(String path, List<String> mappings) {
    Pattern p = Pattern.compile("(?<![\\p{L}\\p{N}_.])" + Pattern.quote(path) + "(?![\\p{L}\\p{N}_.])",
        Pattern.CASE_INSENSITIVE);
    return mappings.stream().anyMatch(m -> m != null && p.matcher(m.replace("`", "")).find());
  }
}
