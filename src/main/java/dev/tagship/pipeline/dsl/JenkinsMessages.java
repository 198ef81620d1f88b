package dev.tagship.pipeline.dsl;

import java.util.Collection;

/**
 * The wording of Jenkins' declarative pipeline messages (pipeline-model-definition's
 * Messages.properties), so that tagship's errors and log lines are the ones Jenkins users and their
 * log parsers know.
 */
public final class JenkinsMessages {

  private JenkinsMessages() {}

  public static String undefinedSection(String name) {
    return "Undefined section \"" + name + "\"";
  }

  public static String multipleOfSection(String name) {
    return "Multiple occurrences of the " + name + " section";
  }

  public static String requiredSection(String name) {
    return "Missing required section \"" + name + "\"";
  }

  public static String unknownStageSection(String name) {
    return "Unknown stage section \""
        + name
        + "\". Starting with version 0.5, steps in a stage must be in a \u2018steps\u2019 block.";
  }

  public static String invalidSectionType(String kind, String name, Collection<String> valid) {
    return "Invalid " + kind + " type \"" + name + "\". Valid " + kind + " types: " + valid;
  }

  public static String invalidAgentType(String name, Collection<String> valid) {
    return "Invalid agent type \"" + name + "\" specified. Must be one of " + valid;
  }

  public static String invalidAgent() {
    return "Only \"agent none\", \"agent any\" or \"agent {...}\" are allowed.";
  }

  public static String invalidBuildCondition(String name, Collection<String> valid) {
    return "Invalid condition \"" + name + "\" - valid conditions are " + valid;
  }

  public static String expectedStage() {
    return "Expected a stage";
  }

  public static String noStages() {
    return "No stages specified";
  }

  public static String duplicateStageName(String name) {
    return "Duplicate stage name: \"" + name + "\"";
  }

  public static String nothingForStage(String name) {
    return "Expected one of \"steps\", \"stages\", or \"parallel\" for stage \"" + name + "\"";
  }

  public static String twoOfStepsStagesParallel(String name) {
    return "Only one of \"matrix\", \"parallel\", \"stages\", or \"steps\" allowed for stage \""
        + name
        + "\"";
  }

  public static String unknownWhenConditional(String name, Collection<String> valid) {
    return "Unknown conditional " + name + ". Valid conditionals are: " + String.join(", ", valid);
  }

  public static String emptyWhen() {
    return "Empty when closure, remove the property or add some content.";
  }

  public static String stageWithoutName() {
    return "Expected a stage name but did not find any";
  }

  /** For a call on another call's result, e.g. two sections written on one line. */
  public static String expectedSymbol() {
    return "Expected a symbol";
  }

  public static String objectMethodCall() {
    return "Method calls on objects not allowed outside \"script\" blocks.";
  }

  public static String stageSkippedForWhen(String stage) {
    return "Stage \"" + stage + "\" skipped due to when conditional";
  }

  public static String stageSkippedForFailure(String stage) {
    return "Stage \"" + stage + "\" skipped due to earlier failure(s)";
  }

  public static String stageSkippedForUnstable(String stage) {
    return "Stage \"" + stage + "\" skipped due to earlier stage(s) marking the build as unstable";
  }

  public static String duplicateEnvVar(String name) {
    return "Duplicate environment variable name: \"" + name + "\"";
  }

  public static String invalidEnvIdentifier(String name) {
    return "\""
        + name
        + "\" is not a valid identifier and cannot be used for an environment variable. Identifiers"
        + " must start with a letter or underscore and can contain only letters, numbers or"
        + " underscores.";
  }

  public static String noAxes() {
    return "No axis directives specified";
  }

  public static String missingInputMessage() {
    return "No message specified for input";
  }
}
