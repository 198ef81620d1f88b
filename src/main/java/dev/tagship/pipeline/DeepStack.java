package dev.tagship.pipeline;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs work on a thread of its own with a large stack. Groovy's parsers and compiler recurse once
 * per level of nesting in a script (and more than once per level of an expression), so a deeply
 * nested Jenkinsfile overflows a default 1 MB thread stack; {@link JenkinsfileLimits} bounds the
 * nesting, and this stack leaves the compiler room well beyond that bound. The stack is address
 * space reserved, not memory used: only the pages a thread touches are committed.
 */
public final class DeepStack {

  /** Bytes of stack for a thread that parses or compiles a Jenkinsfile. */
  static final long STACK_BYTES = 256L * 1024 * 1024;

  private DeepStack() {}

  /**
   * {@code work}'s result, computed on a new thread named {@code name}; what it throws is thrown
   * here (a checked exception wrapped in {@link IllegalStateException}). Waits for the work even
   * when interrupted (parsing is bounded and cannot be interrupted), then keeps the interrupt.
   */
  public static <T> T call(String name, Callable<T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            null,
            () -> {
              try {
                result.set(work.call());
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            name,
            STACK_BYTES);
    thread.setDaemon(true);
    thread.start();
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable thrown = failure.get();
    if (thrown == null) {
      return result.get();
    }
    if (thrown instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (thrown instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException(thrown.getMessage(), thrown);
  }
}
