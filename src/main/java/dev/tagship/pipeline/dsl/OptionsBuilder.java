package dev.tagship.pipeline.dsl;

import dev.tagship.pipeline.model.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The block of {@code options { ... }}, for the whole pipeline or one stage. */
final class OptionsBuilder extends SectionBuilder {

  private static final Set<String> PIPELINE_ONLY =
      Set.of(
          "buildDiscarder",
          "checkoutToSubdirectory",
          "disableConcurrentBuilds",
          "disableResume",
          "durabilityHint",
          "newContainerPerStage",
          "overrideIndexTriggers",
          "parallelsAlwaysFailFast",
          "preserveStashes",
          "quietPeriod",
          "rateLimitBuilds",
          "skipStagesAfterUnstable",
          "copyArtifactPermission");
  private static final Set<String> ANYWHERE =
      Set.of("retry", "skipDefaultCheckout", "timeout", "timestamps", "ansiColor", "lock");

  /** Describables written as arguments of options, e.g. {@code buildDiscarder(logRotator(...))}. */
  private static final Set<String> ARGUMENT_DESCRIBABLES = Set.of("logRotator");

  private final boolean stage;
  private final Set<String> seen = new HashSet<>();
  private Duration timeout;
  private int retry;
  private boolean skipDefaultCheckout;
  private boolean timestamps;
  private boolean disableConcurrentBuilds;
  private boolean skipStagesAfterUnstable;
  private boolean parallelsAlwaysFailFast;
  private String checkoutToSubdirectory;
  private final List<String> ignored = new ArrayList<>();

  private OptionsBuilder(boolean stage) {
    this.stage = stage;
  }

  static Options read(Object[] args, boolean stage) {
    OptionsBuilder builder = new OptionsBuilder(stage);
    read(closureArgument("options", args), builder);
    return new Options(
        builder.timeout,
        builder.retry,
        builder.skipDefaultCheckout,
        builder.timestamps,
        builder.disableConcurrentBuilds,
        builder.skipStagesAfterUnstable,
        builder.parallelsAlwaysFailFast,
        builder.checkoutToSubdirectory,
        builder.ignored);
  }

  @Override
  public Object methodMissing(String name, Object args) {
    Object[] values = arguments(args);
    if (ARGUMENT_DESCRIBABLES.contains(name)) {
      return name;
    }
    if (!ANYWHERE.contains(name) && (stage || !PIPELINE_ONLY.contains(name))) {
      throw new DeclarativeException(unknown(name));
    }
    if (!seen.add(name)) {
      throw new DeclarativeException("Duplicate option name: \"" + name + "\"");
    }
    switch (name) {
      case "timeout" -> timeout = duration(values);
      case "retry" -> retry = count(values);
      case "skipDefaultCheckout" -> skipDefaultCheckout = flag(values);
      case "timestamps" -> timestamps = true;
      case "disableConcurrentBuilds" -> disableConcurrentBuilds = true;
      case "skipStagesAfterUnstable" -> skipStagesAfterUnstable = true;
      case "parallelsAlwaysFailFast" -> parallelsAlwaysFailFast = true;
      case "checkoutToSubdirectory" -> checkoutToSubdirectory = text(values[0]);
      default -> ignored.add(name);
    }
    return null;
  }

  /**
   * {@code timeout(time: 1, unit: 'HOURS')}, as the timeout step takes it. Not named {@code
   * timeout}: Groovy would call such a method for the option itself and never reach {@link
   * #methodMissing}.
   */
  private static Duration duration(Object[] values) {
    if (values.length == 1 && values[0] instanceof Number minutes) {
      return Duration.ofMinutes(minutes.longValue());
    }
    Map<?, ?> named = namedArguments("timeout", values);
    Object time = named.get("time");
    if (!(time instanceof Number amount)) {
      throw new DeclarativeException("Missing required parameter: \"time\"");
    }
    String unit = named.containsKey("unit") ? text(named.get("unit")) : "MINUTES";
    try {
      return Duration.of(
          amount.longValue(),
          java.util.concurrent.TimeUnit.valueOf(unit.toUpperCase(Locale.ROOT)).toChronoUnit());
    } catch (IllegalArgumentException e) {
      throw new DeclarativeException(
          "Invalid unit \""
              + unit
              + "\"; use NANOSECONDS, MICROSECONDS, MILLISECONDS, SECONDS, MINUTES, HOURS or DAYS");
    }
  }

  private static int count(Object[] values) {
    if (values.length == 1 && values[0] instanceof Number count) {
      return count.intValue();
    }
    Object count = namedArguments("retry", values).get("count");
    if (count instanceof Number number) {
      return number.intValue();
    }
    throw new DeclarativeException("Missing required parameter: \"count\"");
  }

  private static boolean flag(Object[] values) {
    return values.length == 0 || Boolean.TRUE.equals(values[0]);
  }

  @Override
  String unknown(String name) {
    Set<String> valid = new TreeSet<>(ANYWHERE);
    if (!stage) {
      valid.addAll(PIPELINE_ONLY);
    }
    return JenkinsMessages.invalidSectionType("option", name, valid);
  }
}
