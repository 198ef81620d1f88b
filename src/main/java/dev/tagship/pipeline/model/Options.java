package dev.tagship.pipeline.model;

import java.time.Duration;
import java.util.List;

/**
 * The {@code options} of a pipeline or a stage that change how it runs; options tagship accepts but
 * that mean nothing on one machine (build discarders, durability hints...) are listed in {@link
 * #ignored} so the log can say so.
 */
public record Options(
    Duration timeout,
    int retry,
    boolean skipDefaultCheckout,
    boolean timestamps,
    boolean disableConcurrentBuilds,
    boolean skipStagesAfterUnstable,
    boolean parallelsAlwaysFailFast,
    String checkoutToSubdirectory,
    List<String> ignored) {

  public Options {
    ignored = List.copyOf(ignored);
  }

  public static Options none() {
    return new Options(null, 0, false, false, false, false, false, null, List.of());
  }
}
