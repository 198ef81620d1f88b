package dev.tagship.pipeline.runtime;

/**
 * Keeps runs from overlapping where they must not: two runs of a pipeline that asks for {@code
 * disableConcurrentBuilds()} (the second waits for the first, as Jenkins queues it), or two runs
 * inside {@code lock('resource')} blocks on the same resource.
 */
@FunctionalInterface
public interface ConcurrencyGuard {

  /**
   * Blocks until no other run holds {@code key}, then holds it until closed.
   *
   * @param whenWaiting called once, before blocking, when another run holds it
   */
  AutoCloseable exclusive(String key, Runnable whenWaiting) throws Exception;

  /** For runs that cannot overlap anyway (tests, a single process). */
  ConcurrencyGuard NONE = (key, whenWaiting) -> () -> {};
}
