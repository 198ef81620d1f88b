package dev.tagship.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits guessing the token: after {@code maxFailures} wrong tokens from one address within {@code
 * window}, that address is refused until the oldest failure leaves the window.
 */
final class SignInThrottle {

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  SignInThrottle(int maxFailures, Duration window, Clock clock) {
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  /** How long {@code address} must wait before trying again; zero when it may try now. */
  Duration wait(String address) {
    Deque<Instant> times = failures.get(address);
    if (times == null) {
      return Duration.ZERO;
    }
    synchronized (times) {
      Instant now = clock.instant();
      while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
        times.removeFirst();
      }
      if (times.size() < maxFailures) {
        return Duration.ZERO;
      }
      return Duration.between(now, times.peekFirst().plus(window));
    }
  }

  void failed(String address) {
    Deque<Instant> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(clock.instant());
      while (times.size() > maxFailures) {
        times.removeFirst();
      }
    }
  }

  void succeeded(String address) {
    failures.remove(address);
  }
}
