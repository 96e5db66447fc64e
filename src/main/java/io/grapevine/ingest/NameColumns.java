package io.grapevine.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The export's column that holds the customer's name, when the mapping names none: the name is masked
 * wherever a text or reply repeats it ("Sorry Maria, a new one is on its way"), so a column the
 * catalog forgot, or that no preset's alternatives name ({@code Reviewer Display Name}, {@code Guest
 * Name}, {@code Passenger First Name} with {@code Passenger Last Name}), would leave the name in the
 * texts. A column qualifies by its name's words alone: a word for a name ({@code name},
 * {@code nickname}, {@code surname}, ...) with a word for a person ({@code guest}, {@code reviewer},
 * {@code first}...), none for a thing ({@code product}, {@code hotel}, {@code agent}...). A bare
 * {@code Name} is not taken: it names a product as often as a person. {@code customer_name: null} in the
 * catalog keeps the source from this choice.
 */
final class NameColumns {
  /** Words that say a column holds a name (of someone or something). */
  private static final Set<String> NAME = Set.of("name", "vorname", "nachname", "nom", "prenom", "prénom",
      "nombre", "apellido", "nome", "cognome", "naam", "имя", "фамилия");
  /** Words that are a person's name by themselves. */
  private static final Set<String> PERSONAL_NAME = Set.of("username", "nickname", "fullname", "firstname",
      "lastname", "surname", "displayname", "screenname", "vorname", "nachname", "prenom", "prénom", "apellido",
      "cognome", "фамилия");
  /** Words for who gave the feedback. */
  private static final Set<String> PERSON = Set.of("reviewer", "author", "user", "customer", "client", "contact",
      "requester", "respondent", "display", "full", "first", "given", "last", "family", "nick", "screen", "profile",
      "guest", "member", "buyer", "purchaser", "passenger", "patient", "person", "caller", "sender", "submitter",
      "commenter", "poster", "recipient", "consumer", "traveller", "traveler", "reporter", "shopper", "visitor",
      "player", "subscriber", "your", "my", "kunde", "kunden", "cliente", "клиент", "пользователь");
  /** Words for what else a name may belong to: the column names a thing, or someone who is not the customer. */
  private static final Set<String> THING = Set.of("product", "company", "business", "hotel", "app", "item",
      "store", "shop", "brand", "file", "campaign", "agent", "assignee", "assigned", "group", "organization",
      "organisation", "org", "account", "location", "city", "country", "place", "category", "channel", "source",
      "tag", "event", "plan", "survey", "question", "team", "department", "course", "restaurant", "airline",
      "venue", "sheet", "page", "host", "domain", "device", "browser", "platform", "subject", "title", "topic",
      "project", "employer", "vendor", "seller", "merchant", "staff", "rep", "representative", "manager", "owner",
      "support", "operator", "advisor", "form", "collector", "list", "segment", "variant", "sku", "model",
      "street", "path", "field", "site", "website", "property", "provider", "doctor", "physician",
      "bank", "branch", "office", "region", "state", "carrier", "service", "package", "game", "artist", "album",
      "song", "book", "movie", "film", "show", "response", "reply", "responder", "modified",
      "updated", "edited", "created", "by");

  private NameColumns() {}

  /**
   * The SQL that reads the customer's name from {@code columns}, or null when none qualifies: one
   * column, or a first and a last name joined.
   */
  static String choose(List<String> columns) {
    List<String> found = new ArrayList<>();
    String first = null;
    String last = null;
    for (String c : columns) {
      if (c.startsWith("_gv_")) {
        continue;
      }
      List<String> w = IngestJob.words(c);
      if (w.isEmpty() || w.size() > 4 || w.stream().anyMatch(THING::contains)) {
        continue;
      }
      boolean personal = w.stream().anyMatch(PERSONAL_NAME::contains)
          || w.stream().anyMatch(NAME::contains) && w.stream().anyMatch(PERSON::contains);
      if (!personal) {
        continue;
      }
      found.add(c);
      if (first == null && (w.contains("first") || w.contains("given") || w.contains("firstname")
          || w.contains("vorname") || w.contains("prenom") || w.contains("prénom"))) {
        first = c;
      } else if (last == null && (w.contains("last") || w.contains("family") || w.contains("lastname")
          || w.contains("surname") || w.contains("nachname") || w.contains("apellido") || w.contains("cognome")
          || w.contains("фамилия"))) {
        last = c;
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    if (first != null && last != null) {
      return "concat_ws(' ', " + SourceCatalog.quoteIdentifier(first) + ", " + SourceCatalog.quoteIdentifier(last)
          + ")";
    }
    return SourceCatalog.quoteIdentifier(found.get(0));
  }
}
