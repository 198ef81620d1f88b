package dev.tagship.jenkins

/**
 * Builds the tagship command lines the library's steps run with sh on the agent. Every word is
 * single-quoted for the shell, so values never become shell syntax; secrets never appear here at
 * all: they reach tagship through environment variables bound by withCredentials.
 */
class Cli implements Serializable {

  static String command(List words) {
    return words.collect { quote(it as String) }.join(' ')
  }

  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'"
  }

  /** Adds "--flag value" for a value that is set, "--flag" for true, nothing otherwise. */
  static void option(List words, String flag, value) {
    if (value == null || value == false) {
      return
    }
    if (value == true) {
      words << flag
    } else if (value instanceof List) {
      value.each { words << flag << (it as String) }
    } else if (value instanceof Map) {
      value.each { k, v -> words << flag << "${k}=${v}".toString() }
    } else {
      words << flag << (value as String)
    }
  }

  /** Refuses keys a step does not know, naming the ones it does, as the native steps do. */
  static void checkKeys(String step, Map args, List known) {
    def unknown = args.keySet().findAll { !(it in known) }
    if (unknown) {
      throw new IllegalArgumentException(
          "${step}: unknown key(s) ${unknown}; allowed: ${known.sort()}".toString())
    }
  }
}
