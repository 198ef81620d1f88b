package dev.tagship.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows guessing the token without ever keeping out whoever has it. Every local user shares
 * 127.0.0.1, so refusing an address would lock out the right token along with the guesser; instead
 * the right token is always let in, and each wrong token beyond {@code freeFailures} within {@code
 * window} is answered later, twice as late as the one before, up to {@code longestDelay}. A guesser
 * then waits on every answer, and the connections it can hold open bound how fast it learns.
 */
final class SignInThrottle {

  static final Duration FIRST_DELAY = Duration.ofSeconds(1);

  /** Past this many addresses, forgotten ones are swept out so the map cannot grow forever. */
  private static final int SWEEP_ABOVE = 10_000;

  private final int freeFailures;
  private final Duration window;
  private final Duration longestDelay;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  SignInThrottle(int freeFailures, Duration window, Duration longestDelay, Clock clock) {
    this.freeFailures = freeFailures;
    this.window = window;
    this.longestDelay = longestDelay;
    this.clock = clock;
  }

  /**
   * Records a wrong token from {@code address}; answers how long its answer is held: zero for the
   * first few, then growing.
   */
  Duration failed(String address) {
    if (failures.size() > SWEEP_ABOVE) {
      sweep();
    }
    Deque<Instant> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (times) {
      Instant now = clock.instant();
      forgetOld(times, now);
      times.addLast(now);
      int beyond = times.size() - freeFailures;
      if (beyond <= 0) {
        return Duration.ZERO;
      }
      // bounded: past the longest delay, more history changes nothing
      while (times.size() > freeFailures + 32) {
        times.removeFirst();
      }
      Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(beyond - 1, 30));
      return delay.compareTo(longestDelay) > 0 ? longestDelay : delay;
    }
  }

  private void forgetOld(Deque<Instant> times, Instant now) {
    while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
      times.removeFirst();
    }
  }

  private void sweep() {
    Instant now = clock.instant();
    failures
        .values()
        .removeIf(
            times -> {
              synchronized (times) {
                forgetOld(times, now);
                return times.isEmpty();
              }
            });
  }
}
