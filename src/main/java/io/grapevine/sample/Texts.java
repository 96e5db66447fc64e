package io.grapevine.sample;

import java.util.SplittableRandom;

/**
 * Short feedback texts and company replies by mood, some carrying contact details to be masked. Each
 * text is about one theme of {@link SampleTruth#THEMES} (or about nothing in particular), drawn by
 * the mood's theme mix ({@link SampleTruth#THEME_MIX_NEGATIVE}): billing is what the unhappy write
 * about most, the planted key driver.
 */
final class Texts {
  /** Sentences by theme (SampleTruth.THEMES order, then no theme), then mood (negative, neutral, positive). */
  private static final String[][][] SAY = {
    { // billing
      {"I was charged twice on my bill and the refund never came.", "My invoice shows a charge I never agreed to.",
          "They billed my card again and the refund is still missing.", "Still waiting for a refund of the wrong charge on my bill."},
      {"The invoice arrived with the usual charge on the bill.", "Billing moved my invoice to the first of the month.",
          "I asked about a charge on my invoice and bill."},
      {"The refund of the charge reached my card within a day.", "Billing is clear and the invoice is simple.",
          "They removed the wrong charge from my bill and sent a refund."}},
    { // delivery
      {"The parcel arrived a week late and damaged by the courier.", "The courier never delivered my package.",
          "Delivery of my parcel was delayed again with no tracking news.", "My package got lost and tracking shows nothing."},
      {"The package came on the expected delivery day.", "Tracking showed the parcel in transit with the courier.",
          "Delivery of the package took the usual five days."},
      {"Fast delivery, the parcel came the next morning.", "The courier was early and careful with the package.",
          "Delivery was quick and the parcel tracking accurate."}},
    { // app
      {"The app crashes every time I try the login.", "After the update the mobile app freezes on the login screen.",
          "The mobile app keeps crashing and logging me out.", "The app will not load since the last update."},
      {"The mobile app works, mostly.", "I use the mobile app after login to check my account.",
          "The app update moved the menu around."},
      {"The new app is fast and the login easy.", "Love the app update, no more crashes.",
          "The mobile app makes my account simple to manage after the update."}},
    { // staff
      {"The agent was rude and hung up on me.", "Staff at the support desk ignored me for twenty minutes.",
          "The support agent gave me wrong answers twice.", "Nobody among the support staff could help me, the agent was rude."},
      {"The support agent answered my question.", "I spoke to the staff at the front desk.",
          "The support agent said someone would call back."},
      {"Friendly staff and a support agent with quick answers.", "The agent at the desk solved my problem in minutes.",
          "The support staff were kind and patient."}},
    { // outage
      {"The network has been down all day again, another outage.", "Another outage this week, no internet and no signal at home.",
          "The signal drops every evening and the internet connection is gone.", "The network connection keeps failing during calls."},
      {"There was a short network outage on Monday night.", "The network status page showed maintenance of the connection.",
          "Signal and internet connection are normal in my area."},
      {"The network is fast and the connection stable lately.", "No outage since the upgrade, great internet connection.",
          "Signal is strong everywhere I go, the network never drops."}},
    { // nothing in particular
      {"Worst service I have had in years.", "I am thinking about switching to another provider.",
          "Nothing is as they promised."},
      {"It was fine, nothing special.", "An average experience overall.", "Okay, I guess."},
      {"Great service, thank you!", "I recommend them to everyone I know.", "Really happy with everything."}},
  };
  private static final String[] CONTACT = {
    " Call me back at +1 415 555 0199.", " Write to me at jane.doe@example.org please.",
    " My number is 020 7946 0958."};
  private static final String[] SUBJECTS = {"Billing", "Login", "Delivery", "Upgrade", "Outage"};
  private static final String[] PRODUCTS = {"Credit card", "Mortgage", "Checking account", "Loan"};
  private static final String[] APOLOGY = {"We are sorry for the trouble; we have fixed it.",
      "Apologies for the delay. The refund is on its way.", "We're sorry, that should not happen."};
  private static final String[] PLAIN = {"Your ticket has been updated.",
      "Please follow the steps in our help centre.", "That is all we can do at this time.",
      "The charge is correct according to our records."};

  private Texts() {}

  /** A text of mood 0 (negative), 1 (neutral) or 2 (positive), one or two sentences on one theme. */
  static String say(int mood, SplittableRandom rnd) {
    int theme = SampleGenerator.pick(rnd, mood == 0 ? SampleTruth.THEME_MIX_NEGATIVE : SampleTruth.THEME_MIX_OTHER);
    return about(theme, mood, rnd);
  }

  /** A text of a mood on a theme (an index of SampleTruth.THEMES, or its length for none). */
  static String about(int theme, int mood, SplittableRandom rnd) {
    String[] pool = SAY[theme][mood];
    int first = rnd.nextInt(pool.length);
    String text = pool[first];
    if (rnd.nextDouble() < 0.4) {
      text += " " + pool[(first + 1 + rnd.nextInt(pool.length - 1)) % pool.length];
    }
    if (mood == 0 && rnd.nextDouble() < 0.05) {
      text += CONTACT[rnd.nextInt(CONTACT.length)];
    }
    return text;
  }

  static String reply(boolean negative, SplittableRandom rnd) {
    return negative && rnd.nextDouble() < 0.6 ? APOLOGY[rnd.nextInt(APOLOGY.length)]
        : PLAIN[rnd.nextInt(PLAIN.length)];
  }

  static String subject(SplittableRandom rnd) {
    return SUBJECTS[rnd.nextInt(SUBJECTS.length)];
  }

  static String product(SplittableRandom rnd) {
    return PRODUCTS[rnd.nextInt(PRODUCTS.length)];
  }
}
