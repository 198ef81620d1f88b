package dev.tagship.web;

/** Whole numbers from paths and queries, with a message naming the bad one. */
final class Numbers {

  private Numbers() {}

  static int parse(String text, String what, int absent, int min, int max) {
    return (int) parse(text, what, (long) absent, min, (long) max);
  }

  static long parse(String text, String what, long absent, long min, long max) {
    if (text == null || text.isEmpty()) {
      return absent;
    }
    try {
      long value = Long.parseLong(text);
      if (value < min || value > max) {
        throw HttpProblem.badRequest(what + " must be between " + min + " and " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw HttpProblem.badRequest(what + " must be a whole number, not '" + text + "'");
    }
  }
}
