package io.grapevine.sample;

import java.util.SplittableRandom;

/** Short feedback texts and company replies by mood, some carrying contact details to be masked. */
final class Texts {
  private static final String[][] SAY = {
    {"The wait was far too long.", "Nobody answered my question for days.",
        "I was charged twice and no one fixed it.", "It broke after a week.",
        "The agent was rude to me.", "Worst service I have had in years.",
        "I am thinking about switching to another provider.", "Nothing works as promised."},
    {"It was fine, nothing special.", "Delivery arrived on the expected day.",
        "The app works, mostly.", "An average experience overall.", "Okay, I guess."},
    {"Great service, thank you!", "The team solved my problem in minutes.",
        "Really happy with the new plan.", "Friendly staff and quick answers.",
        "I recommend them to everyone I know.", "Best support I have had."},
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

  /** A text of mood 0 (negative), 1 (neutral) or 2 (positive), one or two sentences. */
  static String say(int mood, SplittableRandom rnd) {
    String[] pool = SAY[mood];
    String text = pool[rnd.nextInt(pool.length)];
    if (rnd.nextDouble() < 0.4) {
      text += " " + pool[rnd.nextInt(pool.length)];
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
