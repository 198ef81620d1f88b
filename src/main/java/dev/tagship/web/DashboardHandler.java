package dev.tagship.web;

import dev.tagship.core.TagshipException;
import dev.tagship.pipeline.runtime.ParameterValues;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

/**
 * Every request: security headers, the Host it names, the route, its body (read without holding a
 * thread), sign-in (bearer token, or session cookie with a same-origin Origin and the CSRF token
 * for writes), then the route's handler, with failures turned into JSON errors that say what to do.
 */
final class DashboardHandler extends Handler.Abstract {

  static final String SESSION_COOKIE = "tagship_session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String CSRF_FIELD = "csrf";
  private static final Pattern NAMED_PARAMETER = Pattern.compile("parameter '([^']+)'");
  private static final Pattern PLAIN_NAME = Pattern.compile("[\\p{L}\\p{N} ._@-]{1,64}");
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final Router router;
  private final Access access;
  private final SignInThrottle throttle;
  private final DashboardAddress address;

  DashboardHandler(
      Router router, Access access, SignInThrottle throttle, DashboardAddress address) {
    this.router = router;
    this.access = access;
    this.throttle = throttle;
    this.address = address;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    SecurityHeaders.apply(response.getHeaders());
    // A rollback waits minutes for its rollout without reading or writing: while a handler works,
    // the connection's idle timeout is for slow reads and writes only, not for the work.
    request.addIdleTimeoutListener(timeout -> false);
    String path = Request.getPathInContext(request);
    Optional<Router.Match> match = router.match(request.getMethod(), path);
    Exchange exchange =
        new Exchange(
            request, response, callback, match.map(Router.Match::parameters).orElse(Map.of()));
    try {
      Optional<String> wrongHost = address.hostProblem(request.getHeaders().get(HttpHeader.HOST));
      if (wrongHost.isPresent()) {
        throw new HttpProblem(421, wrongHost.get(), Map.of());
      }
      if (match.isEmpty()) {
        if (router.knowsPath(path)) {
          throw new HttpProblem(405, request.getMethod() + " is not allowed on " + path, Map.of());
        }
        throw HttpProblem.notFound("nothing at " + path);
      }
    } catch (HttpProblem problem) {
      answer(exchange, problem);
      return true;
    }
    Router.Route route = match.get().route();
    if (!RequestBodies.expected(request)) {
      serve(exchange, route);
      return true;
    }
    RequestBodies.read(
        request,
        RequestBodies.MAX_BYTES,
        RequestBodies.DEADLINE,
        new Promise<>() {
          @Override
          public void succeeded(byte[] body) {
            exchange.body(body);
            serve(exchange, route);
          }

          @Override
          public void failed(Throwable failure) {
            if (failure instanceof HttpProblem problem) {
              exchange.header("Connection", "close");
              answer(exchange, problem);
            } else {
              callback.failed(failure); // the client went away: nobody to answer
            }
          }
        });
    return true;
  }

  private void serve(Exchange exchange, Router.Route route) {
    try {
      if (route.guard() == Router.Guard.PUBLIC || signIn(exchange, route.guard())) {
        route.handler().handle(exchange);
      }
    } catch (HttpProblem problem) {
      answer(exchange, problem);
    } catch (ParameterValues.ParameterException e) {
      Matcher named = NAMED_PARAMETER.matcher(e.getMessage());
      answer(
          exchange,
          new HttpProblem(
              400, e.getMessage(), named.find() ? Map.of("parameter", named.group(1)) : Map.of()));
    } catch (TagshipException e) {
      answer(exchange, new HttpProblem(e.isUsageError() ? 400 : 409, e.getMessage(), Map.of()));
    } catch (Exception e) {
      answer(
          exchange,
          new HttpProblem(
              500,
              "the dashboard failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
              Map.of()));
    }
  }

  /** True when signed in (and, for a cookie write, origin- and CSRF-checked); else throws. */
  private boolean signIn(Exchange exchange, Router.Guard guard) throws Exception {
    String authorization = exchange.header("Authorization");
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new HttpProblem(
            401, "send the dashboard token as Authorization: Bearer <token>", Map.of());
      }
      Optional<SignInTokens.Holder> holder = access.holder(authorization.substring(7));
      if (holder.isEmpty()) {
        Duration delay = throttle.failed(exchange.remoteAddress());
        exchange.header("WWW-Authenticate", "Bearer");
        if (!delay.isZero()) {
          throw tooManyFailures(delay);
        }
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
    if (guard == Router.Guard.WRITE || !SAFE_METHODS.contains(exchange.method())) {
      if (!address.isOwnOrigin(exchange.header("Origin"))) {
        throw new HttpProblem(
            403,
            "a write made with the session cookie must come from the dashboard's own page: its"
                + " Origin header must be one of "
                + address.origins()
                + " (scripts send Authorization: Bearer <token> instead of the cookie)",
            Map.of());
      }
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

  /** A wrong token's answer once there were too many: held for {@code delay}, then 429. */
  static HttpProblem tooManyFailures(Duration delay) {
    long seconds = Math.max(1, (delay.toMillis() + 999) / 1000);
    return new HttpProblem(
        429,
        "too many wrong tokens from this address: each further wrong token is answered later"
            + " (this one after "
            + seconds
            + " s); the right token is let in at once",
        Map.of(),
        delay);
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

  /** Answers {@code problem}: at once, or after its delay with no thread waiting. */
  static void answer(Exchange exchange, HttpProblem problem) {
    if (problem.delay().isZero()) {
      write(exchange, problem);
    } else {
      exchange.later(problem.delay(), () -> write(exchange, problem));
    }
  }

  private static void write(Exchange exchange, HttpProblem problem) {
    if (!problem.delay().isZero()) {
      exchange.header(
          "Retry-After", Long.toString(Math.max(1, (problem.delay().toMillis() + 999) / 1000)));
    }
    try {
      exchange.error(problem.status(), problem.getMessage(), problem.details());
    } catch (Exception e) {
      exchange.text(500, "text/plain", "the dashboard failed to answer");
    }
  }
}
