package dev.tagship.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The page itself: plain HTML, CSS and JavaScript kept in the jar beside this class, served as they
 * are. The app page needs a session; its CSS and script hold nothing secret.
 */
final class Assets {

  private static final Map<String, String> TYPES =
      Map.of(
          "app.js", "text/javascript",
          "app.css", "text/css");

  void routes(Router router) {
    router.add(
        "GET",
        "/",
        Router.Guard.READ,
        exchange -> exchange.text(200, "text/html", text("index.html")));
    router.add(
        "GET",
        "/assets/{file}",
        Router.Guard.PUBLIC,
        exchange -> {
          String file = exchange.pathParameter("file");
          String type = TYPES.get(file);
          if (type == null) {
            throw HttpProblem.notFound("no asset " + file);
          }
          exchange.bytes(type, bytes(file));
        });
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String name) {
    try (InputStream in = Assets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks the dashboard's " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
