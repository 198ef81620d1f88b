package dev.tagship.version;

import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** A configured remote of the repository, with the credentials to reach it. */
record GitRemote(String name, String url, GitCredentials credentials) {

  /**
   * The remote the request names, with the request's credentials or else those the credentials file
   * holds for its URL; null when the repository has no remote by that name.
   */
  static GitRemote find(Repository repository, VersionRequest request) {
    String url = repository.getConfig().getString("remote", request.remote(), "url");
    if (url == null) {
      return null;
    }
    GitCredentials credentials = request.credentials();
    if (credentials == null && request.credentialsFile() != null) {
      credentials = CredentialsFile.lookup(request.credentialsFile(), url);
    }
    return new GitRemote(request.remote(), url, credentials);
  }

  CredentialsProvider credentialsProvider() {
    return credentials == null
        ? null
        : new UsernamePasswordCredentialsProvider(credentials.username(), credentials.password());
  }

  /** The URL with any password in it replaced, fit for a message. */
  String displayUrl() {
    try {
      URIish uri = new URIish(url);
      return uri.getPass() == null ? url : uri.setPass("****").toString();
    } catch (URISyntaxException e) {
      return url.replaceAll("://([^:/@]+):[^@/]*@", "://$1:****@");
    }
  }

  /** Turns a JGit error into a message that says what failed, where, and what to do. */
  VersionException failure(String action, Exception e) {
    String detail = e.getMessage() == null ? "" : e.getMessage();
    String lower = detail.toLowerCase(Locale.ROOT);
    String where = "remote '" + name + "' (" + displayUrl() + ")";
    if (lower.contains("not authorized")
        || lower.contains("authentication")
        || lower.contains("credentialsprovider")
        || lower.contains("401")
        || lower.contains("403")) {
      return VersionException.failure(
          "authentication failed for "
              + where
              + ": could not "
              + action
              + " it. Give credentials in TAGSHIP_GIT_USERNAME and TAGSHIP_GIT_PASSWORD, or in a"
              + " git credentials file (TAGSHIP_GIT_CREDENTIALS_FILE), and check that they may"
              + " push tags",
          e);
    }
    return VersionException.failure("could not " + action + " " + where + ": " + scrub(detail), e);
  }

  private String scrub(String text) {
    if (credentials != null) {
      text = text.replace(credentials.password(), "****");
    }
    return text.replace(url, displayUrl());
  }
}
