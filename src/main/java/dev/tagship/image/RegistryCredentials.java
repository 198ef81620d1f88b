package dev.tagship.image;

/**
 * A registry user name and password or token (ACR admin user, repository-scoped token, or the ACR
 * refresh token Entra ID sign-in gives). Never printed: {@link #toString()} hides it.
 */
public record RegistryCredentials(String username, String password) {

  public RegistryCredentials {
    if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
      throw ImageException.usage("registry credentials need both a user name and a password");
    }
  }

  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=****]";
  }
}
