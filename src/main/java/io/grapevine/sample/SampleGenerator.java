package io.grapevine.sample;

import static io.grapevine.sample.SampleTruth.CSAT;
import static io.grapevine.sample.SampleTruth.NPS_GROUPS;
import static io.grapevine.sample.SampleTruth.REVIEW_STARS;
import static io.grapevine.sample.SampleTruth.SOCIAL_LABELS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Generates feedback exports with a known truth ({@link SampleTruth}), in the native shapes of their
 * sources: a review site as JSON lines, a social-media CSV, a survey export with NPS and "how many
 * people have you told" questions, a complaint-board CSV, a support-ticket CSV with company replies,
 * and an accounts/CRM CSV whose churn dates follow from the feedback each account gave. Same seed,
 * same files. Defects are planted in known numbers so that quarantine can be checked.
 */
public final class SampleGenerator {
  public static final long DEFAULT_SEED = 20_261_022L;
  public static final YearMonth DEFAULT_START = YearMonth.of(2026, 3);
  public static final int DEFAULT_MONTHS = 8;
  public static final int DEFAULT_ACCOUNTS = 1_500;
  static final long ROWS_PER_FILE = 1_000_000;
  /** Expected feedback rows per account and month, over all sources. */
  static final double ROWS_PER_ACCOUNT_MONTH = SampleTruth.SURVEY_PER_MONTH + SampleTruth.TICKET_PER_MONTH
      + SampleTruth.COMPLAINT_PER_MONTH + SampleTruth.REVIEWS_PER_ACCOUNT_MONTH
      + SampleTruth.POSTS_PER_ACCOUNT_MONTH;

  private static final String[] PLANS = {"basic", "pro", "enterprise"};
  private static final double[] PLAN_MIX = {0.5, 0.35, 0.15};
  private static final int[] PLAN_PRICE = {12, 25, 40};
  private static final String[] REGIONS = {"north", "south", "east", "west"};
  private static final ZoneId SUPPORT_ZONE = ZoneId.of("America/New_York");
  private static final ZoneId SOCIAL_ZONE = ZoneId.of("America/Los_Angeles");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  private static final DateTimeFormatter US_DAY = DateTimeFormatter.ofPattern("MM/dd/yyyy");
  private static final DateTimeFormatter LOCAL_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final DateTimeFormatter REVIEW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter SOCIAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

  private final long seed;
  private final YearMonth start;
  private final int months;
  private final int accounts;
  private final Path out;
  private int plantedComplaints;

  public SampleGenerator(Path out, long seed, YearMonth start, int months, int accounts) {
    this.out = out;
    this.seed = seed;
    this.start = start;
    this.months = months;
    this.accounts = accounts;
  }

  /** Accounts needed for about {@code rows} feedback rows over {@code months} months. */
  public static int accountsForRows(long rows, int months) {
    return (int) Math.max(100, Math.round(rows / (months * ROWS_PER_ACCOUNT_MONTH)));
  }

  /** Writes every export under the output folder (replacing earlier ones); returns rows per export. */
  public Map<String, Long> generate() {
    clean();
    SplittableRandom rnd = new SplittableRandom(seed);
    Account[] all = new Account[accounts];
    Instant first = start.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    for (int i = 0; i < accounts; i++) {
      all[i] = Account.draw(i, rnd, first);
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    try (ExportWriter reviews = ExportWriter.jsonLines(out.resolve("reviews"), ROWS_PER_FILE);
        ExportWriter social = ExportWriter.csv(out.resolve("social"), List.of("tweet_id", "created_at",
            "user_handle", "followers", "retweet_count", "sentiment", "text"), "\n", ROWS_PER_FILE);
        ExportWriter survey = ExportWriter.csv(out.resolve("survey"), List.of("Response ID", "Account",
            "Email", "Submitted At", "Date of visit",
            "How likely are you to recommend us to a friend or colleague? (0-10)",
            "How many people have you told about this experience?", "Anything else?"), "\n", ROWS_PER_FILE);
        ExportWriter complaints = ExportWriter.csv(out.resolve("complaints"), List.of("Complaint ID",
            "Date received", "Account", "Product", "Consumer complaint narrative",
            "Company response to consumer", "Response date", "Resolved"), "\r\n", ROWS_PER_FILE);
        ExportWriter tickets = ExportWriter.csv(out.resolve("tickets"), List.of("ticket_id", "account_id",
            "requester_email", "created_at", "solved_at", "subject", "description", "agent_reply",
            "replied_at", "status", "csat"), "\n", ROWS_PER_FILE);
        ExportWriter crm = ExportWriter.csv(out.resolve("accounts"), List.of("account_id",
            "contact_email", "plan", "seats", "monthly_fee", "region", "signup_date", "churn_date"),
            "\n", ROWS_PER_FILE)) {
      Writers w = new Writers(reviews, social, survey, complaints, tickets);
      for (int k = 0; k < months; k++) {
        month(k, all, rnd, w);
      }
      for (Account a : all) {
        String signup = a.id == 7 ? "30/02/2025" : DAY.format(a.signup.atZone(ZoneOffset.UTC));
        crm.csvRow("A" + pad(a.id), a.email(), PLANS[a.plan], a.seats, a.seats * PLAN_PRICE[a.plan],
            REGIONS[a.region], signup, a.churn == null ? "" : DAY.format(a.churn.atZone(ZoneOffset.UTC)));
      }
      rows.put("reviews", reviews.rows());
      rows.put("social", social.rows());
      rows.put("survey", survey.rows());
      rows.put("complaints", complaints.rows());
      rows.put("tickets", tickets.rows());
      rows.put("accounts", crm.rows());
    }
    writeCatalog();
    return rows;
  }

  /** The catalog that maps these exports, beside them: paths relative to it, so it reads them wherever they are. */
  private void writeCatalog() {
    try (java.io.InputStream in = SampleGenerator.class.getResourceAsStream("/io/grapevine/sample/catalog.yaml")) {
      Files.write(out.resolve(CATALOG), in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + out.resolve(CATALOG), e);
    }
  }

  /** The catalog's file name in a generated folder. */
  public static final String CATALOG = "catalog.yaml";

  private record Writers(ExportWriter reviews, ExportWriter social, ExportWriter survey,
      ExportWriter complaints, ExportWriter tickets) {}

  private void month(int k, Account[] all, SplittableRandom rnd, Writers w) {
    YearMonth ym = start.plusMonths(k);
    Instant from = ym.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant to = ym.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    boolean plant = k == 0;

    for (Account a : all) {
      if (a.churn != null || !a.signup.isBefore(to)) {
        continue;
      }
      a.ring[k % 4] = 0;
      a.unresolvedRing[k % 4] = 0;
      a.detractorRing[k % 4] = 0;
      if (rnd.nextDouble() < a.hazard(k, from)) {
        a.churn = between(rnd, from.plusSeconds(86_400), to);
      }
      Instant open = a.signup.isAfter(from) ? a.signup : from;
      Instant close = a.churn != null ? a.churn : to;
      if (rnd.nextDouble() < SampleTruth.SURVEY_PER_MONTH) {
        survey(a, k, between(rnd, open, close), rnd, w.survey());
      }
      if (rnd.nextDouble() < SampleTruth.TICKET_PER_MONTH) {
        ticket(a, k, between(rnd, open, close), rnd, w.tickets());
      }
      if (rnd.nextDouble() < SampleTruth.COMPLAINT_PER_MONTH) {
        complaint(a, k, between(rnd, open, close), rnd, w.complaints());
      }
    }
    if (plant) {
      w.survey().csvRow("S-BAD-1", "A" + pad(1), "planted@example.com", "2026-03-05T10:00:00Z", "03/04/2026", "11", "2", "");
      w.survey().csvRow("S-BAD-2", "A" + pad(2), "planted@example.com", "2026-03-06T10:00:00Z", "03/05/2026", "11", "0", "");
      w.survey().csvRow("S-BAD-3", "A" + pad(3), "planted@example.com", "2026-03-07T10:00:00Z", "03/06/2026", "3", "lots", "");
      w.tickets().csvRow("T-BAD-1", "A" + pad(4), "planted@example.com", "", "", "Login", "Cannot log in", "", "", "new", "");
    }

    long reviews = Math.round(accounts * SampleTruth.REVIEWS_PER_ACCOUNT_MONTH);
    List<String> firstLines = new ArrayList<>();
    for (long i = 0; i < reviews; i++) {
      String line = review(k, i, between(rnd, from, to), rnd, w.reviews());
      if (plant && firstLines.size() < 3) {
        firstLines.add(line);
      }
    }
    if (plant) {
      firstLines.forEach(w.reviews()::line);
      w.reviews().line("{\"review_id\": \"r-bad-1\", \"stars\": 5, \"text\": \"unterminated");
      w.reviews().line("this line is not JSON");
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("review_id", "r-bad-2");
      r.put("user_id", "u1");
      r.put("business_id", "b1");
      r.put("stars", 6);
      r.put("useful", 0);
      r.put("funny", 0);
      r.put("cool", 0);
      r.put("text", "Six stars!");
      r.put("date", "2026-03-09 10:00:00");
      w.reviews().jsonRow(r);
    }
    long posts = Math.round(accounts * SampleTruth.POSTS_PER_ACCOUNT_MONTH);
    for (long i = 0; i < posts; i++) {
      post(k, i, between(rnd, from, to), rnd, w.social());
    }
    if (YearMonth.from(SampleTruth.SPIKE_DAY).equals(ym)) {
      // An outage day: a burst of angry posts, from mid-morning to late evening UTC (one local day in
      // Los Angeles too). Drawn on a stream of its own so that everything else stays as it was.
      SplittableRandom burst = new SplittableRandom(seed ^ SampleTruth.SPIKE_DAY.toEpochDay());
      Instant dayStart = SampleTruth.SPIKE_DAY.atStartOfDay().toInstant(ZoneOffset.UTC);
      int outage = SampleTruth.THEMES.indexOf(SampleTruth.SPIKE_THEME);
      for (int j = 0; j < SampleTruth.SPIKE_POSTS; j++) {
        Instant at = between(burst, dayStart.plusSeconds(14 * 3_600), dayStart.plusSeconds(22 * 3_600));
        w.social().csvRow(1_900_000_000_000_000_000L + k * 100_000_000L + 90_000_000L + j,
            SOCIAL_TIME.format(at.atZone(SOCIAL_ZONE)), "@user" + burst.nextInt(accounts * 5),
            Math.round(Math.exp(5.5 + 1.5 * gaussian(burst))), geometric(burst, 0.6), "negative",
            Texts.about(outage, 0, burst));
      }
    }
    if (k == months - 1) {
      // Markup in a widely seen complaint: the report must show it as text and never run it.
      w.social().csvRow(1_900_000_000_000_000_000L + k * 100_000_000L + 99_999_999L,
          SOCIAL_TIME.format(to.minusSeconds(3_600).atZone(SOCIAL_ZONE)), "@markup",
          SampleTruth.MARKUP_REACH, 0, "negative", SampleTruth.MARKUP_TEXT);
    }
    if (plant) {
      w.social().csvRow(9_000_000_000_000_000_001L, "yesterday", "@planted", 10, 0, "negative", "Late again");
      w.social().csvRow(9_000_000_000_000_000_002L, "24/02/2026 25:61", "@planted", 10, 0, "positive", "Nice");
    }
  }

  private void survey(Account a, int k, Instant at, SplittableRandom rnd, ExportWriter out) {
    int group = pick(rnd, NPS_GROUPS);
    int nps = group == 0 ? rnd.nextInt(0, 7) : group == 1 ? rnd.nextInt(7, 9) : rnd.nextInt(9, 11);
    double speak = group == 0 ? SampleTruth.SPEAK_UP_NEGATIVE
        : group == 2 ? SampleTruth.SPEAK_UP_POSITIVE : SampleTruth.SPEAK_UP_PASSIVE;
    double many = group == 0 ? SampleTruth.TOLD_MANY_NEGATIVE
        : group == 2 ? SampleTruth.TOLD_MANY_POSITIVE : SampleTruth.TOLD_MANY_PASSIVE;
    double u = rnd.nextDouble();
    int told = u < many ? 10 + (int) Math.min(190, -12 * Math.log(1 - rnd.nextDouble()))
        : u < speak ? rnd.nextInt(1, 10) : 0;
    if (group == 0) {
      a.ring[k % 4]++;
      a.detractorRing[k % 4]++;
    }
    Instant visit = at.minusSeconds(rnd.nextLong(0, 10 * 86_400L));
    out.csvRow("S" + k + "-" + pad(a.id), "A" + pad(a.id), a.email(), at.toString(),
        US_DAY.format(visit.atZone(ZoneOffset.UTC)), nps, told,
        rnd.nextDouble() < 0.5 ? Texts.say(group == 0 ? 0 : group == 1 ? 1 : 2, rnd) : "");
  }

  private void ticket(Account a, int k, Instant at, SplittableRandom rnd, ExportWriter out) {
    Integer csat = rnd.nextDouble() < SampleTruth.CSAT_ANSWERED ? pick(rnd, CSAT) + 1 : null;
    boolean negative = csat != null && csat <= 2;
    if (negative) {
      a.ring[k % 4]++;
    }
    boolean solved = rnd.nextDouble() < 0.85;
    Instant replied = at.plusSeconds((long) (-4 * 3600 * Math.log(1 - rnd.nextDouble())) + 60);
    Instant solvedAt = replied.plusSeconds((long) (-20 * 3600 * Math.log(1 - rnd.nextDouble())));
    int mood = csat == null ? 1 : csat <= 2 ? 0 : csat == 3 ? 1 : 2;
    String subject = Texts.subject(rnd);
    String description = Texts.say(mood, rnd);
    String reply = Texts.reply(negative, rnd);
    if (csat == null) {
      // A customer who skips the survey had an experience all the same, drawn from the same CSAT
      // distribution; the text tells it (for enrich's text model) and the agent answers it. Drawn on
      // a stream of its own so that everything else in the sample stays as it was.
      SplittableRandom unrated = new SplittableRandom(k * 1_000_003L + a.id);
      int experience = pick(unrated, CSAT) + 1;
      description = Texts.say(experience <= 2 ? 0 : experience == 3 ? 1 : 2, unrated);
      reply = Texts.reply(experience <= 2, unrated);
    }
    out.csvRow("T" + k + "-" + pad(a.id), "A" + pad(a.id), a.email(), local(at, SUPPORT_ZONE),
        solved ? local(solvedAt, SUPPORT_ZONE) : "", subject, description,
        reply, local(replied, SUPPORT_ZONE), solved ? "solved" : "open",
        csat == null ? "" : csat);
  }

  private void complaint(Account a, int k, Instant at, SplittableRandom rnd, ExportWriter out) {
    boolean resolved = rnd.nextDouble() < SampleTruth.COMPLAINT_RESOLVED;
    a.ring[k % 4]++;
    if (!resolved) {
      a.unresolvedRing[k % 4]++;
    }
    Instant response = at.plusSeconds(rnd.nextLong(1, 15) * 86_400L);
    Object[] row = {"C" + k + "-" + pad(a.id), DAY.format(at.atZone(ZoneOffset.UTC)), "A" + pad(a.id),
        Texts.product(rnd), Texts.say(0, rnd) + "\n\n" + Texts.say(0, rnd),
        resolved ? "Closed with monetary relief" : "Closed with explanation",
        DAY.format(response.atZone(ZoneOffset.UTC)), resolved ? "Yes" : "No"};
    out.csvRow(row);
    if (k == 0 && plantedComplaints < SampleTruth.DUPLICATES.get("sample_complaints")) {
      out.csvRow(row);
      plantedComplaints++;
    }
  }

  private String review(int k, long i, Instant at, SplittableRandom rnd, ExportWriter out) {
    int stars = pick(rnd, REVIEW_STARS) + 1;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("review_id", "r" + k + "-" + i);
    r.put("user_id", "u" + rnd.nextInt(accounts * 5));
    r.put("business_id", "b" + rnd.nextInt(40));
    r.put("stars", stars);
    r.put("useful", geometric(rnd, 0.5));
    r.put("funny", geometric(rnd, 0.8));
    r.put("cool", geometric(rnd, 0.7));
    r.put("text", Texts.say(stars <= 2 ? 0 : stars == 3 ? 1 : 2, rnd));
    r.put("date", REVIEW_TIME.format(at.atZone(ZoneOffset.UTC)));
    return out.jsonRow(r);
  }

  private void post(int k, long i, Instant at, SplittableRandom rnd, ExportWriter out) {
    int label = pick(rnd, SOCIAL_LABELS);
    long followers = Math.round(Math.exp(5.5 + 1.5 * gaussian(rnd)));
    String text = Texts.say(label, rnd);
    if (rnd.nextDouble() < 0.1) {
      text = text + "\n" + Texts.say(label, rnd);
    }
    out.csvRow(1_900_000_000_000_000_000L + (long) k * 100_000_000L + i,
        SOCIAL_TIME.format(at.atZone(SOCIAL_ZONE)), "@user" + rnd.nextInt(accounts * 5), followers,
        geometric(rnd, 0.6), label == 0 ? "negative" : label == 1 ? "neutral" : "positive", text);
  }

  /** One account's attributes and the recent feedback its churn hazard depends on. */
  private static final class Account {
    final int id;
    final int plan;
    final int seats;
    final int region;
    final Instant signup;
    Instant churn;
    /** Negative feedback, unresolved complaints and detractor answers, by month modulo 4. */
    final int[] ring = new int[4];
    final int[] unresolvedRing = new int[4];
    final int[] detractorRing = new int[4];

    private Account(int id, int plan, int seats, int region, Instant signup) {
      this.id = id;
      this.plan = plan;
      this.seats = seats;
      this.region = region;
      this.signup = signup;
    }

    static Account draw(int id, SplittableRandom rnd, Instant first) {
      int plan = pick(rnd, PLAN_MIX);
      int seats = plan == 0 ? rnd.nextInt(1, 6) : plan == 1 ? rnd.nextInt(5, 51) : rnd.nextInt(50, 501);
      Instant signup = first.minusSeconds(rnd.nextLong(0, 3L * 365 * 86_400))
          .plusSeconds(rnd.nextDouble() < 0.1 ? rnd.nextLong(0, 150L * 86_400) : 0);
      return new Account(id, plan, seats, rnd.nextInt(REGIONS.length), signup);
    }

    String email() {
      return "contact" + id + "@customer" + (id % 97) + ".example.com";
    }

    /** Churn hazard for month {@code k}, from the three months before it. */
    double hazard(int k, Instant monthStart) {
      int negatives = 0;
      int unresolved = 0;
      int detractor = 0;
      for (int back = 1; back <= 3 && k - back >= 0; back++) {
        negatives += ring[(k - back) % 4];
        unresolved += unresolvedRing[(k - back) % 4];
        detractor += detractorRing[(k - back) % 4];
      }
      double h = SampleTruth.BASE_HAZARD.get(PLANS[plan])
          + SampleTruth.HAZARD_PER_NEGATIVE * Math.min(5, negatives)
          + SampleTruth.HAZARD_PER_UNRESOLVED_COMPLAINT * Math.min(2, unresolved)
          + (detractor > 0 ? SampleTruth.HAZARD_DETRACTOR : 0)
          + (monthStart.minusSeconds(365 * 86_400L).isBefore(signup) ? 0.01 : 0);
      return Math.min(SampleTruth.MAX_HAZARD, h);
    }
  }

  static int pick(SplittableRandom rnd, double[] weights) {
    double u = rnd.nextDouble();
    double acc = 0;
    for (int i = 0; i < weights.length; i++) {
      acc += weights[i];
      if (u < acc) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static Instant between(SplittableRandom rnd, Instant from, Instant to) {
    long span = Math.max(1, to.getEpochSecond() - from.getEpochSecond());
    return from.plusSeconds(rnd.nextLong(span));
  }

  private static int geometric(SplittableRandom rnd, double stop) {
    int n = 0;
    while (rnd.nextDouble() > stop && n < 1000) {
      n++;
    }
    return n;
  }

  private static double gaussian(SplittableRandom rnd) {
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  private static String local(Instant at, ZoneId zone) {
    return LOCAL_MINUTE.format(at.atZone(zone));
  }

  private static String pad(int id) {
    return String.format("%06d", id);
  }

  private void clean() {
    for (String dir : List.of("reviews", "social", "survey", "complaints", "tickets", "accounts")) {
      Path d = out.resolve(dir);
      if (Files.isDirectory(d)) {
        try (Stream<Path> files = Files.list(d)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot clear " + d, e);
        }
      }
    }
  }
}
