package dev.tagship.web;

import dev.tagship.core.TagshipException;
import dev.tagship.pipeline.runtime.ParameterValues;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every request: security headers, the route, sign-in (bearer token or session cookie, CSRF for
 * cookie writes), then the route's handler, with failures turned into JSON errors that say what to
 * do.
 */
final class DashboardHandler extends Handler.Abstract {

  static final String SESSION_COOKIE = "tagship_session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String CSRF_FIELD = "csrf";
  private static final Pattern NAMED_PARAMETER = Pattern.compile("parameter '([^']+)'");
  private static final Pattern PLAIN_NAME = Pattern.compile("[\\p{L}\\p{N} ._@-]{1,64}");

  private final Router router;
  private final Access access;
  private final SignInThrottle throttle;

  DashboardHandler(Router router, Access access, SignInThrottle throttle) {
    this.router = router;
    this.access = access;
    this.throttle = throttle;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    var headers = response.getHeaders();
    headers.put(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("Cache-Control", "no-store");
    String path = Request.getPathInContext(request);
    Optional<Router.Match> match = router.match(request.getMethod(), path);
    Exchange exchange =
        new Exchange(
            request, response, callback, match.map(Router.Match::parameters).orElse(Map.of()));
    try {
      if (match.isEmpty()) {
        if (router.knowsPath(path)) {
          throw new HttpProblem(405, request.getMethod() + " is not allowed on " + path, Map.of());
        }
        throw HttpProblem.notFound("nothing at " + path);
      }
      Router.Route route = match.get().route();
      if (route.guard() == Router.Guard.PUBLIC || signIn(exchange, route.guard())) {
        route.handler().handle(exchange);
      }
    } catch (HttpProblem problem) {
      answer(exchange, problem.status(), problem.getMessage(), problem.details());
    } catch (ParameterValues.ParameterException e) {
      Matcher named = NAMED_PARAMETER.matcher(e.getMessage());
      answer(
          exchange,
          400,
          e.getMessage(),
          named.find() ? Map.of("parameter", named.group(1)) : Map.of());
    } catch (TagshipException e) {
      answer(exchange, e.isUsageError() ? 400 : 409, e.getMessage(), Map.of());
    } catch (Exception e) {
      answer(
          exchange,
          500,
          "the dashboard failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
          Map.of());
    }
    return true;
  }

  /** True when signed in (and, for a cookie write, CSRF-checked); otherwise answers and false. */
  private boolean signIn(Exchange exchange, Router.Guard guard) throws Exception {
    String authorization = exchange.header("Authorization");
    String address = exchange.remoteAddress();
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new HttpProblem(
            401, "send the dashboard token as Authorization: Bearer <token>", Map.of());
      }
      Duration wait = throttle.wait(address);
      if (!wait.isZero()) {
        tooManyFailures(exchange, wait);
        return false;
      }
      Optional<SignInTokens.Holder> holder = access.holder(authorization.substring(7));
      if (holder.isEmpty()) {
        throttle.failed(address);
        exchange.header("WWW-Authenticate", "Bearer");
        throw new HttpProblem(
            401, "wrong token: use one from TAGSHIP_UI_TOKEN or the --token-file", Map.of());
      }
      String who = holder.get().name();
      exchange.signedIn(
          null, who != null ? who : plainName(exchange.header("X-Tagship-User"), "api client"));
      return true;
    }
    Optional<Session> session = exchange.cookie(SESSION_COOKIE).flatMap(access::session);
    if (session.isEmpty()) {
      if (isPage(exchange.path())) {
        exchange.redirect("/login");
        return false;
      }
      exchange.header("WWW-Authenticate", "Bearer");
      throw new HttpProblem(
          401,
          "sign in first: POST /login with the token (a browser), or send Authorization: Bearer"
              + " <token> (a script)",
          Map.of());
    }
    if (guard == Router.Guard.WRITE) {
      String csrf = exchange.header(CSRF_HEADER);
      if (csrf == null && exchange.isForm()) {
        csrf = exchange.formFields().get(CSRF_FIELD);
      }
      if (!Access.csrfMatches(session.get(), csrf)) {
        throw new HttpProblem(
            403,
            "missing or wrong CSRF token: a signed-in browser's writes carry the "
                + CSRF_HEADER
                + " header (or form field "
                + CSRF_FIELD
                + ") that GET /api/session gives",
            Map.of());
      }
    }
    exchange.signedIn(session.get(), session.get().who());
    return true;
  }

  static void tooManyFailures(Exchange exchange, Duration wait) throws Exception {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    exchange.header("Retry-After", Long.toString(seconds));
    exchange.error(
        429,
        "too many wrong tokens from this address: try again in " + seconds + " seconds",
        Map.of());
  }

  /** A name to record someone by: plain text only, so it can never smuggle markup or lines. */
  static String plainName(String given, String otherwise) {
    if (given == null) {
      return otherwise;
    }
    String name = given.strip();
    return PLAIN_NAME.matcher(name).matches() ? name : otherwise;
  }

  private static boolean isPage(String path) {
    return !path.startsWith("/api/") && !path.equals("/metrics");
  }

  private static void answer(
      Exchange exchange, int status, String message, Map<String, Object> details) {
    try {
      // A body left unread makes the server close the connection, which a client may already
      // be reusing for its next request: read it (bounded) before refusing the request.
      exchange.body();
    } catch (Exception unreadable) {
      // refused for its body, or no body to read: the answer below says what matters
    }
    try {
      exchange.error(status, message, details);
    } catch (Exception e) {
      exchange.text(500, "text/plain", "the dashboard failed to answer");
    }
  }
}
