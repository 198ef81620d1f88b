package dev.tagship.pipeline;

import dev.tagship.pipeline.runtime.RunListener;
import java.time.Instant;
import java.util.Map;

/** Two listeners as one, each told everything in turn. */
final class RunListeners {

  private RunListeners() {}

  static RunListener both(RunListener first, RunListener second) {
    return new RunListener() {
      @Override
      public void line(String maskedLine, String stageId) {
        first.line(maskedLine, stageId);
        second.line(maskedLine, stageId);
      }

      @Override
      public void stageStarted(
          String id, String parentId, String name, boolean branch, Instant at) {
        first.stageStarted(id, parentId, name, branch, at);
        second.stageStarted(id, parentId, name, branch, at);
      }

      @Override
      public void stageFinished(String id, String status, Instant at) {
        first.stageFinished(id, status, at);
        second.stageFinished(id, status, at);
      }

      @Override
      public void parametersBound(Map<String, String> shown) {
        first.parametersBound(shown);
        second.parametersBound(shown);
      }
    };
  }
}
