package dev.tagship.steps;

/** The block passed to a block step; running it runs the Jenkinsfile code inside the braces. */
@FunctionalInterface
public interface StepBody {

  /** Runs the block and returns its value; throws whatever failed inside it. */
  Object run() throws Exception;
}
