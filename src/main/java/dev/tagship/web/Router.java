package dev.tagship.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Matches a method and path against routes written as {@code /api/runs/{id}}. */
final class Router {

  /** Who may call a route: anyone, a signed-in reader, or a signed-in writer (CSRF-checked). */
  enum Guard {
    PUBLIC,
    READ,
    WRITE
  }

  @FunctionalInterface
  interface Handler {
    void handle(Exchange exchange) throws Exception;
  }

  record Route(String method, Pattern pattern, List<String> names, Guard guard, Handler handler) {}

  /** A route that matched, with the path's parameters. */
  record Match(Route route, Map<String, String> parameters) {}

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

  private final List<Route> routes = new ArrayList<>();

  Router add(String method, String template, Guard guard, Handler handler) {
    List<String> names = new ArrayList<>();
    Matcher placeholders = PLACEHOLDER.matcher(template);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (placeholders.find()) {
      regex.append(Pattern.quote(template.substring(last, placeholders.start())));
      regex.append("([^/]+)");
      names.add(placeholders.group(1));
      last = placeholders.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    routes.add(
        new Route(method, Pattern.compile(regex.toString()), List.copyOf(names), guard, handler));
    return this;
  }

  Optional<Match> match(String method, String path) {
    for (Route route : routes) {
      Matcher matcher = route.pattern().matcher(path);
      if (route.method().equals(method) && matcher.matches()) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        for (int i = 0; i < route.names().size(); i++) {
          parameters.put(
              route.names().get(i),
              java.net.URLDecoder.decode(
                  matcher.group(i + 1).replace("+", "%2B"),
                  java.nio.charset.StandardCharsets.UTF_8));
        }
        return Optional.of(new Match(route, parameters));
      }
    }
    return Optional.empty();
  }

  /** True when some route has this path under another method: a 405, not a 404. */
  boolean knowsPath(String path) {
    return routes.stream().anyMatch(route -> route.pattern().matcher(path).matches());
  }
}
