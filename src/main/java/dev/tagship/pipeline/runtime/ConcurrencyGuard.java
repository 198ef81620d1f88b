package dev.tagship.pipeline.runtime;

import java.util.function.Consumer;

/**
 * Keeps two runs of one pipeline from overlapping when it asks for {@code
 * disableConcurrentBuilds()}: a second run waits for the first, as Jenkins queues it.
 */
@FunctionalInterface
public interface ConcurrencyGuard {

  /**
   * Blocks until no other run of {@code pipeline} holds the guard, then holds it until closed.
   *
   * @param waiting told once, before blocking, when another run holds it
   */
  AutoCloseable exclusive(String pipeline, Consumer<String> waiting) throws Exception;

  /** For runs that cannot overlap anyway (tests, a single process). */
  ConcurrencyGuard NONE = (pipeline, waiting) -> () -> {};
}
