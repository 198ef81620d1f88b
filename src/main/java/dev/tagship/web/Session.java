package dev.tagship.web;

import java.time.Instant;

/**
 * A browser's sign-in: the cookie carries {@code id}; writes made with it must also carry {@code
 * csrfToken}, which only the dashboard's own pages can read.
 *
 * @param who the name given at sign-in, recorded with what the session does
 */
record Session(String id, String csrfToken, String who, Instant expires) {

  @Override
  public String toString() {
    return "Session[who=" + who + ", expires=" + expires + "]";
  }
}
