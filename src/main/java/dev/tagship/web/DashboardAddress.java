package dev.tagship.web;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The names the dashboard answers to and the origins its pages come from. A request whose Host is
 * another name is refused: a page of another site that re-points its own name at this address (DNS
 * rebinding) would otherwise read the dashboard with a browser's rights. A cookie write whose
 * Origin is not one of these is refused too.
 */
final class DashboardAddress {

  private static final List<String> LOOPBACK_NAMES = List.of("127.0.0.1", "localhost", "::1");

  private final String scheme;
  private final List<String> boundNames;
  private final URI publicUrl;
  private final IntSupplier port;

  /**
   * @param bind the address listened on
   * @param tls whether the dashboard itself serves HTTPS
   * @param publicUrl the address people open when a proxy stands in front, or null
   * @param port the port listened on, known once the server has started
   */
  DashboardAddress(String bind, boolean tls, URI publicUrl, IntSupplier port) {
    this.scheme = tls ? "https" : "http";
    this.boundNames = names(bind);
    this.publicUrl = publicUrl;
    this.port = port;
  }

  /** True when {@code host} (a name or an address) is this machine only. */
  static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) {
      return true;
    }
    String bare = unbracketed(host);
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Why a request with this Host header is not for this dashboard; empty when it is. */
  Optional<String> hostProblem(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return Optional.of("a request needs a Host header naming " + answersTo());
    }
    Optional<Authority> authority = Authority.parse(hostHeader.strip(), scheme);
    if (authority.isPresent() && allowed().contains(authority.get())) {
      return Optional.empty();
    }
    if (publicUrl != null
        && Authority.parse(hostHeader.strip(), publicUrl.getScheme())
            .filter(Authority.of(publicUrl)::equals)
            .isPresent()) {
      // a proxy passing on the Host people used: a port-less one is the public scheme's
      return Optional.empty();
    }
    return Optional.of(
        "this dashboard answers to "
            + answersTo()
            + ", not to Host "
            + printable(hostHeader)
            + ": open one of those addresses (a name that merely leads here, as a page of"
            + " another site could make one, is refused), or start tagship serve with"
            + " --public-url naming the address people use");
  }

  /** True when {@code origin} is a page of this dashboard, under any name it answers to. */
  boolean isOwnOrigin(String origin) {
    if (origin == null || origin.isBlank() || origin.strip().equals("null")) {
      return false;
    }
    URI uri;
    try {
      uri = URI.create(origin.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (uri.getScheme() == null
        || uri.getHost() == null
        || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
      return false;
    }
    Authority authority = Authority.of(uri);
    String originScheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (originScheme.equals(scheme) && allowed().contains(authority)) {
      return true;
    }
    return publicUrl != null
        && originScheme.equals(publicUrl.getScheme().toLowerCase(Locale.ROOT))
        && authority.equals(Authority.of(publicUrl));
  }

  /** The origins {@link #isOwnOrigin} accepts, to say so in a refusal. */
  String origins() {
    List<String> origins = new ArrayList<>();
    if (publicUrl != null) {
      origins.add(publicUrl.getScheme() + "://" + publicUrl.getRawAuthority());
    }
    for (Authority authority : allowed()) {
      origins.add(scheme + "://" + authority);
    }
    return String.join(", ", origins);
  }

  /** The address to open, e.g. {@code http://127.0.0.1:8080/}. */
  String url() {
    if (publicUrl != null) {
      String text = publicUrl.toString();
      return text.endsWith("/") ? text : text + "/";
    }
    return scheme + "://" + new Authority(boundNames.get(0), port.getAsInt()) + "/";
  }

  private String answersTo() {
    List<String> names = new ArrayList<>();
    if (publicUrl != null) {
      names.add(publicUrl.getRawAuthority());
    }
    allowed().forEach(authority -> names.add(authority.toString()));
    return String.join(", ", names);
  }

  private Set<Authority> allowed() {
    Set<Authority> allowed = new LinkedHashSet<>();
    int listening = port.getAsInt();
    for (String name : boundNames) {
      allowed.add(new Authority(name, listening));
    }
    return allowed;
  }

  /** The names a bind address is reached by: loopback's three, or the address itself. */
  private static List<String> names(String bind) {
    String bare = unbracketed(bind == null || bind.isBlank() ? "127.0.0.1" : bind);
    if (isLoopback(bare)) {
      return LOOPBACK_NAMES;
    }
    try {
      InetAddress address = InetAddress.getByName(bare);
      if (address.isAnyLocalAddress()) {
        // every interface: the loopback names and each interface's own address
        List<String> names = new ArrayList<>(LOOPBACK_NAMES);
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          for (InetAddress local : Collections.list(network.getInetAddresses())) {
            if (!local.isLoopbackAddress()) {
              names.add(withoutScope(local.getHostAddress()));
            }
          }
        }
        return List.copyOf(names);
      }
      return List.of(bare.toLowerCase(Locale.ROOT));
    } catch (UnknownHostException | SocketException e) {
      return List.of(bare.toLowerCase(Locale.ROOT));
    }
  }

  private static String withoutScope(String address) {
    int percent = address.indexOf('%');
    return percent < 0 ? address : address.substring(0, percent);
  }

  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** At most 100 plain characters of what a client sent, so a refusal cannot carry anything. */
  private static String printable(String text) {
    String kept = text.replaceAll("[^\\x21-\\x7e]", "?");
    return "'" + (kept.length() > 100 ? kept.substring(0, 100) + "..." : kept) + "'";
  }

  /** A host (lower case, IPv6 without brackets) and a port. */
  private record Authority(String host, int port) {

    Authority {
      host = unbracketed(host).toLowerCase(Locale.ROOT);
      if (host.contains(":")) {
        host = normalIpv6(host);
      }
    }

    static Authority of(URI uri) {
      int port = uri.getPort();
      if (port < 0) {
        port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      }
      return new Authority(uri.getHost(), port);
    }

    /** A Host header's {@code host[:port]}; no port is the scheme's own. */
    static Optional<Authority> parse(String header, String scheme) {
      try {
        URI uri = new URI(scheme + "://" + header + "/");
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
          return Optional.empty();
        }
        return Optional.of(of(uri));
      } catch (java.net.URISyntaxException e) {
        return Optional.empty();
      }
    }

    /** An IPv6 literal as RFC 5952 writes it (zeros shortened), so that equal ones compare so. */
    private static String normalIpv6(String host) {
      String full;
      try {
        full = withoutScope(InetAddress.getByName(host).getHostAddress());
      } catch (UnknownHostException e) {
        return host;
      }
      String[] groups = full.split(":");
      if (groups.length != 8) {
        return full; // an IPv4 address given in IPv6 form: compared as Java writes it
      }
      int bestStart = -1;
      int bestLength = 1;
      for (int i = 0; i < 8; ) {
        int j = i;
        while (j < 8 && groups[j].equals("0")) {
          j++;
        }
        if (j - i > bestLength) {
          bestStart = i;
          bestLength = j - i;
        }
        i = j == i ? i + 1 : j;
      }
      if (bestStart < 0) {
        return full;
      }
      String before = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
      String after =
          String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, 8));
      return before + "::" + after;
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }
}
