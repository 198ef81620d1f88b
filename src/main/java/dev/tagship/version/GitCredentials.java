package dev.tagship.version;

/**
 * A user name and password (or access token) for an https remote. Read from the environment or a
 * credentials file by the caller, never from the command line; {@link #toString()} hides the
 * password so it cannot leak into a log or an exception.
 */
public record GitCredentials(String username, String password) {

  public GitCredentials {
    if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
      throw VersionException.usage("git credentials need both a user name and a password");
    }
  }

  @Override
  public String toString() {
    return "GitCredentials[username=" + username + ", password=****]";
  }
}
