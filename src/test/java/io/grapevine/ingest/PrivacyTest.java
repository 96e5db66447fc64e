package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.SparkTestSession;
import io.grapevine.core.UserInputException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class PrivacyTest {
  @Test
  void hmacMatchesThePublishedTestVector() throws Exception {
    // RFC 4231, test case 2.
    assertThat(new Privacy.Hmac("Jefe").call("what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void pseudonymsAreNormalizedAndDependOnTheKey() {
    Dataset<Row> ids = SparkTestSession.get()
        .createDataset(List.of(" Jane@Example.com", "jane@example.com"), Encoders.STRING()).toDF("id");
    List<Row> a = ids.select(Privacy.withKey("k1").pseudonym(col("id"))).collectAsList();
    List<Row> b = ids.select(Privacy.withKey("k2").pseudonym(col("id"))).collectAsList();
    assertThat(a.get(0).getString(0)).hasSize(64).isEqualTo(a.get(1).getString(0));
    assertThat(b.get(0).getString(0)).isNotEqualTo(a.get(0).getString(0));
  }

  @Test
  void aMissingKeyIsAnErrorUnlessTheDevelopmentFlagIsGiven() {
    assertThatThrownBy(() -> Privacy.fromEnvironment("GRAPEVINE_TEST_KEY_THAT_IS_NOT_SET", false))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("GRAPEVINE_TEST_KEY_THAT_IS_NOT_SET is not set")
        .hasMessageContaining("--dev-pseudonym-key");
    assertThat(Privacy.fromEnvironment("GRAPEVINE_TEST_KEY_THAT_IS_NOT_SET", true)).isNotNull();
  }

  @Test
  void masksEmailsAndPhoneNumbersButNotDatesOrAmounts() {
    List<String> texts = Arrays.asList(
        "Write to jane.doe@example.org please",
        "Call +1 415 555 0199 or (020) 7946-0958 now",
        "On 2026-10-31 I paid 1,250.00 for order 12345",
        null);
    List<String> masked = SparkTestSession.get().createDataset(texts, Encoders.STRING()).toDF("t")
        .select(Privacy.mask(col("t"))).as(Encoders.STRING()).collectAsList();
    assertThat(masked).containsExactly(
        "Write to [email] please",
        "Call [phone] or [phone] now",
        "On 2026-10-31 I paid 1,250.00 for order 12345",
        null);
  }

  /** The scan that spares most texts the patterns must never spare one the patterns would change. */
  @Test
  void theQuickScanAgreesWithThePatternsOnGeneratedTexts() {
    String[] parts = {"a", "b.c", "@", "x.org", " ", "-", "(", ")", "+", "1", "23", "456", "7890", "٣", ".", "\n",
        "GB82", "WEST", "Hi ", "Anna", "u/", "/user/", "bob_9", "@10"};
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    int changed = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(1, 14); k > 0; k--) {
        b.append(parts[random.nextInt(parts.length)]);
      }
      String text = b.toString();
      String expected = Privacy.maskAll(text, null);
      assertThat(Privacy.maskText(text)).as(text).isEqualTo(expected);
      changed += expected.equals(text) ? 0 : 1;
    }
    assertThat(changed).as("texts the patterns change").isGreaterThan(500);
  }

  @Test
  void masksCardsAndIbansThatAreValidAndLeavesOtherNumbers() {
    // Luhn-valid test numbers (Visa 16, Amex 15 with spaces, 19 digits with dashes), an invalid one.
    assertThat(Privacy.maskText("card 4111111111111111 then 3782 822463 10005 or 6011-0009-9013-9424"))
        .isEqualTo("card [card] then [card] or [card]");
    assertThat(Privacy.maskText("order 4111111111111112 shipped")).isEqualTo("order 4111111111111112 shipped");
    // The IBAN example of the standard, grouped and not; a wrong check digit is left.
    assertThat(Privacy.maskText("pay to GB82 WEST 1234 5698 7654 32 or DE89370400440532013000 not DE89370400440532013001"))
        .isEqualTo("pay to [iban] or [iban] not DE89370400440532013001");
  }

  @Test
  void phoneMaskLeavesDatesAndTimes() {
    assertThat(Privacy.maskText("at 2026-10-01 10:00:00 I called +44 20 7946 0958, on 01.10.2026 12:30 again"))
        .isEqualTo("at 2026-10-01 10:00:00 I called [phone], on 01.10.2026 12:30 again");
  }

  @Test
  void theCustomersNameAndNamesAfterSalutationsBecomeName() {
    assertThat(Privacy.maskText("Dear Mr Laevers, we are sorry. Jan, call us.", "Jan Laevers"))
        .isEqualTo("Dear Mr [name], we are sorry. [name], call us.");
    List<String> greetings = List.of("Hi Anna, thanks for writing", "Bonjour Jean M, merci", "Здравствуйте, Иван!",
        "Hallo Frau Schmidt,", "Hola María, gracias", "Ciao Giulia!", "Olá João, obrigado", "Beste Pieter,",
        "Dzień dobry Pani Katarzyna,", "Добрий день, Олено!", "@brand Hi Tom, sorry", "Thanks\nDear Sarah Connor,");
    for (String g : greetings) {
      assertThat(Privacy.maskText(g)).as(g).contains("[name]");
    }
    assertThat(Privacy.maskText("Bonjour Jean M, merci")).isEqualTo("Bonjour [name], merci");
    assertThat(Privacy.maskText("Hi Viewer42, sorry")).as("a display name with digits").isEqualTo("Hi [name], sorry");
    assertThat(Privacy.maskText("Здравствуйте, Иван!")).isEqualTo("Здравствуйте, [name]!");
    for (String kept : List.of("Hi there, sorry to hear that", "Hello team", "Dear customer, thank you",
        "hi anna", "Thanks for the help", "Dear Sir/Madam")) {
      assertThat(Privacy.maskText(kept)).as(kept).isEqualTo(kept);
    }
  }

  /** Handles of people are masked wherever they are mentioned; a brand's own, declared public, are kept. */
  @Test
  void mentionsOfAccountsBecomeUserButPublicHandlesAndTimesStay() {
    assertThat(Privacy.maskText("@VirginAmerica What @dhepburn said. cc @jo.smith_ and u/Late-Again, /u/x_y_z"))
        .isEqualTo("@[user] What @[user] said. cc @[user] and u/[user], /u/[user]");
    assertThat(Privacy.maskText("see reddit.com/user/SomeOne or tiktok.com/@some.one.", null, false))
        .isEqualTo("see reddit.com/user/[user] or tiktok.com/@[user].");
    assertThat(Privacy.maskText("@VirginAmerica @united what @dhepburn said @10am", null, false,
        Privacy.handles(List.of("@VirginAmerica", "United"))))
        .isEqualTo("@VirginAmerica @united what @[user] said @10am");
    // Dots after a handle end it: a public handle keeps the words after it, a time too.
    assertThat(Privacy.maskText("@united...still waiting, @United.Why? since @12am.Today, @jo.smith said", null, false,
        Privacy.handles(List.of("united"))))
        .isEqualTo("@united...still waiting, @United.Why? since @12am.Today, @[user] said");
    // Not mentions: an address (its own mask), a word with an @ inside, r/ (a forum, not a person).
    assertThat(Privacy.maskText("mail jo@example.org, pay@home or r/airlines", null, false))
        .isEqualTo("mail [email], pay@home or r/airlines");
  }

  /** British Airways' reviewers "J Long" and "Can Yilmaz": their names' words are also words of the text. */
  @Test
  void aNameThatIsAlsoAWordIsMaskedWhereTheTextCapitalizesIt() {
    assertThat(Privacy.maskText("We flew long haul, and Mr Long was rude.", "J Long"))
        .isEqualTo("We flew long haul, and Mr [name] was rude.");
    assertThat(Privacy.maskText("You can't reach anyone. Can here, again", "Can Yilmaz"))
        .isEqualTo("You can't reach anyone. [name] here, again");
    // The whole name in any case; a handle's word in any case.
    assertThat(Privacy.maskText("signed, can yilmaz", "Can Yilmaz")).isEqualTo("signed, [name]");
    assertThat(Privacy.maskText("RT @Cairdin: late again, cairdin here", "cairdin"))
        .isEqualTo("RT @[user]: late again, [name] here");
    // A title in the name is not masked on its own.
    assertThat(Privacy.maskText("Mr Smith was kind, as was Mr Jones", "Mr Smith")).isEqualTo("[name] was kind, as was Mr Jones");
  }

  @Test
  void rawRecordsLoseIpAddressesButKeepVersionsAndTimes() {
    assertThat(Privacy.maskIpAddresses("R_2YPOQ602ER1jkf1,Anonym,,,130.92.34.66,0,2017-07-18 08:28:09"))
        .isEqualTo("R_2YPOQ602ER1jkf1,Anonym,,,[ip],0,2017-07-18 08:28:09");
    assertThat(Privacy.maskIpAddresses("{\"ip\":\"10.0.0.255\"} from 192.168.1.1."))
        .isEqualTo("{\"ip\":\"[ip]\"} from [ip].");
    assertThat(Privacy.maskIpAddresses("app 2.10.1.3.7, 1.2.3.400, 47.115097045898, 12.5"))
        .isEqualTo("app 2.10.1.3.7, 1.2.3.400, 47.115097045898, 12.5");
  }
}
