package dev.tagship.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;

/**
 * Signing in and out: {@code POST /login} trades the token (form field {@code token}) for an
 * HttpOnly, SameSite=Strict session cookie; {@code GET /api/session} gives the page its CSRF token.
 */
final class SignIn {

  private final Access access;
  private final SignInThrottle throttle;
  private final DashboardAddress address;
  private final boolean secureCookie;

  /**
   * @param secureCookie whether the session cookie is sent over HTTPS only: true when the dashboard
   *     serves HTTPS itself or people reach it through an HTTPS proxy
   */
  SignIn(Access access, SignInThrottle throttle, DashboardAddress address, boolean secureCookie) {
    this.access = access;
    this.throttle = throttle;
    this.address = address;
    this.secureCookie = secureCookie;
  }

  void routes(Router router) {
    router.add("GET", "/login", Router.Guard.PUBLIC, exchange -> page(exchange, 200, ""));
    router.add("POST", "/login", Router.Guard.PUBLIC, this::signIn);
    router.add("POST", "/logout", Router.Guard.WRITE, this::signOut);
    router.add("GET", "/api/session", Router.Guard.READ, this::session);
  }

  private void signIn(Exchange exchange) throws Exception {
    String origin = exchange.header("Origin");
    if (origin != null && !address.isOwnOrigin(origin)) {
      // a page of another site signing a browser in under the attacker's name
      page(exchange, 403, "Sign in from the dashboard's own sign-in page.");
      return;
    }
    Map<String, String> form = exchange.formFields();
    Optional<SignInTokens.Holder> holder = access.holder(form.get("token"));
    if (holder.isEmpty()) {
      Duration delay = throttle.failed(exchange.remoteAddress());
      if (delay.isZero()) {
        page(exchange, 401, "That token is not the dashboard's token.");
        return;
      }
      long seconds = Math.max(1, (delay.toMillis() + 999) / 1000);
      exchange.later(
          delay,
          () -> {
            exchange.header("Retry-After", Long.toString(seconds));
            page(
                exchange,
                429,
                "That token is not the dashboard's token, and there were too many wrong ones from"
                    + " this address: each further wrong token is answered later (this one after "
                    + seconds
                    + " seconds). The right token is let in at once.");
          });
      return;
    }
    String who = holder.get().name();
    Session session =
        access.open(
            who != null ? who : DashboardHandler.plainName(form.get("name"), "dashboard user"));
    exchange.setCookie(
        HttpCookie.build(DashboardHandler.SESSION_COOKIE, session.id())
            .path("/")
            .httpOnly(true)
            .sameSite(HttpCookie.SameSite.STRICT)
            .secure(secureCookie)
            .maxAge(Access.SESSION_LENGTH.toSeconds())
            .build());
    exchange.redirect("/");
  }

  private void signOut(Exchange exchange) throws Exception {
    access.close(exchange.session() == null ? null : exchange.session().id());
    exchange.setCookie(
        HttpCookie.build(DashboardHandler.SESSION_COOKIE, "")
            .path("/")
            .httpOnly(true)
            .sameSite(HttpCookie.SameSite.STRICT)
            .secure(secureCookie)
            .maxAge(0)
            .build());
    exchange.redirect("/login");
  }

  private void session(Exchange exchange) throws Exception {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("who", exchange.who());
    json.put("csrfToken", exchange.session() == null ? null : exchange.session().csrfToken());
    exchange.json(200, json);
  }

  private void page(Exchange exchange, int status, String problem) {
    String html = Assets.text("login.html");
    if (access.tokensNamePeople()) {
      // each token names its holder: a typed name would only invite a false one
      html = html.replaceAll("(?s)<!--name-->.*<!--/name-->", "");
    }
    exchange.text(
        status,
        "text/html",
        html.replace(
            "<!--problem-->",
            problem.isEmpty()
                ? ""
                : "<p class=\"problem\" role=\"alert\" id=\"problem\">"
                    + Html.escape(problem)
                    + "</p>"));
  }
}
