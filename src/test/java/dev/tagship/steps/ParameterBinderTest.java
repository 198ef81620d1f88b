package dev.tagship.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterBinderTest {

  enum Mode {
    FAST,
    SAFE
  }

  record Sample(
      @Required String release,
      List<String> values,
      Boolean verify,
      int replicas,
      Long timeoutSeconds,
      Mode mode) {}

  @Test
  void bindsGroovyStyleValuesToTheRecord() {
    Sample sample =
        ParameterBinder.bind(
            "sample",
            Sample.class,
            Map.of(
                "release",
                new StringBuilder("shop"),
                "values",
                List.of("a.yaml", "b.yaml"),
                "verify",
                "true",
                "replicas",
                3,
                "timeoutSeconds",
                "300",
                "mode",
                "safe"));

    assertThat(sample)
        .isEqualTo(new Sample("shop", List.of("a.yaml", "b.yaml"), true, 3, 300L, Mode.SAFE));
  }

  record WithMap(Map<String, String> env) {}

  @Test
  void mapsBindWithStringValues() {
    WithMap bound =
        ParameterBinder.bind(
            "sample", WithMap.class, Map.of("env", Map.of("PORT", 8080, "DEBUG", true)));

    assertThat(bound.env()).containsEntry("PORT", "8080").containsEntry("DEBUG", "true");
    assertThatThrownBy(() -> ParameterBinder.bind("sample", WithMap.class, Map.of("env", "PORT=1")))
        .hasMessage(
            "sample: parameter 'env' must be a map such as [KEY: 'value'], got a string 'PORT=1'");
  }

  @Test
  void singleStringIsAcceptedForAList() {
    Sample sample =
        ParameterBinder.bind("sample", Sample.class, Map.of("release", "x", "values", "a.yaml"));

    assertThat(sample.values()).containsExactly("a.yaml");
    assertThat(sample.replicas()).isZero();
    assertThat(sample.verify()).isNull();
  }

  @Test
  void unknownKeyIsAnErrorNamingTheAllowedKeys() {
    assertThatThrownBy(
            () ->
                ParameterBinder.bind("sample", Sample.class, Map.of("release", "x", "relase", "y")))
        .isInstanceOf(StepException.class)
        .hasMessage(
            "sample: unknown parameter 'relase'; allowed: release (required), values, verify,"
                + " replicas, timeoutSeconds, mode");
  }

  @Test
  void missingRequiredKeyIsAnError() {
    assertThatThrownBy(() -> ParameterBinder.bind("sample", Sample.class, Map.of("verify", true)))
        .isInstanceOf(StepException.class)
        .hasMessageStartingWith("sample: parameter 'release' is required");
  }

  @Test
  void wrongTypesAreErrorsThatSayWhatWasExpected() {
    assertThatThrownBy(
            () ->
                ParameterBinder.bind(
                    "sample", Sample.class, Map.of("release", "x", "verify", "yes")))
        .hasMessage(
            "sample: parameter 'verify' must be a boolean (true or false), got a string 'yes'");
    assertThatThrownBy(
            () ->
                ParameterBinder.bind(
                    "sample", Sample.class, Map.of("release", "x", "replicas", 2.5)))
        .hasMessage("sample: parameter 'replicas' must be a whole number, got a number '2.5'");
    assertThatThrownBy(
            () -> ParameterBinder.bind("sample", Sample.class, Map.of("release", List.of("x"))))
        .hasMessage("sample: parameter 'release' must be a string, got a list '[x]'");
    assertThatThrownBy(
            () ->
                ParameterBinder.bind(
                    "sample", Sample.class, Map.of("release", "x", "mode", "slow")))
        .hasMessage("sample: parameter 'mode' must be one of fast, safe, got a string 'slow'");
  }
}
