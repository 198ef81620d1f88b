package dev.tagship.pipeline.steps;

import dev.tagship.core.Folders;
import dev.tagship.pipeline.runtime.AbortException;
import dev.tagship.pipeline.runtime.AntPattern;
import dev.tagship.pipeline.runtime.PipelineStep;
import dev.tagship.pipeline.runtime.StepCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

/** stash, unstash and archiveArtifacts: files kept by name for later stages, or with the run. */
final class ArtifactSteps {

  private ArtifactSteps() {}

  static List<PipelineStep> all() {
    return List.of(
        SimpleStep.of(
            "stash",
            "name",
            Set.of("name", "includes", "excludes", "allowEmpty", "useDefaultExcludes"),
            ArtifactSteps::stash),
        SimpleStep.of("unstash", "name", Set.of("name"), ArtifactSteps::unstash),
        SimpleStep.of(
            "archiveArtifacts",
            "artifacts",
            Set.of(
                "artifacts",
                "excludes",
                "allowEmptyArchive",
                "fingerprint",
                "onlyIfSuccessful",
                "defaultExcludes",
                "caseSensitive",
                "followSymlinks"),
            ArtifactSteps::archive),
        new JunitStep());
  }

  private static Object stash(StepCall call) throws IOException {
    String name = call.required("name");
    List<String> files = select(call, call.has("includes") ? call.string("includes") : "**");
    if (files.isEmpty() && !call.flag("allowEmpty", false)) {
      throw new AbortException("No files included in stash \u2018" + name + "\u2019");
    }
    Path target = folder(call.run().storage().stashes(), name);
    Folders.deleteRecursively(target);
    copy(call.directory(), files, target);
    call.print("Stashed " + files.size() + " file(s)");
    return null;
  }

  private static Object unstash(StepCall call) throws IOException {
    String name = call.required("name");
    Path source = folder(call.run().storage().stashes(), name);
    if (!Files.isDirectory(source)) {
      throw new AbortException("No such saved stash \u2018" + name + "\u2019");
    }
    List<String> files = AntPattern.of("**", true).files(source, null);
    copy(source, files, call.directory());
    return null;
  }

  private static Object archive(StepCall call) throws IOException {
    if (call.flag("onlyIfSuccessful", false)
        && call.run().currentBuild().resultIsWorseOrEqualTo("UNSTABLE")) {
      call.print("Skipped archiving because build is not successful");
      return null;
    }
    call.print("Archiving artifacts");
    List<String> files = select(call, call.required("artifacts"));
    if (files.isEmpty()) {
      if (call.flag("allowEmptyArchive", false)) {
        call.print(
            "No artifacts found that match the file pattern \"" + call.string("artifacts") + "\".");
        return null;
      }
      throw new AbortException(
          "No artifacts found that match the file pattern \""
              + call.string("artifacts")
              + "\". Configuration error?");
    }
    copy(call.directory(), files, call.run().storage().artifacts());
    return null;
  }

  private static List<String> select(StepCall call, String includes) throws IOException {
    boolean caseSensitive = call.flag("caseSensitive", true);
    // stash calls the switch useDefaultExcludes, archiveArtifacts defaultExcludes; both default on
    boolean defaults = call.flag("useDefaultExcludes", call.flag("defaultExcludes", true));
    AntPattern excludes = AntPattern.excludes(call.string("excludes"), defaults, caseSensitive);
    return AntPattern.of(includes, caseSensitive).files(call.directory(), excludes);
  }

  private static Path folder(Path root, String name) {
    Path folder = root.resolve(name).normalize();
    if (!folder.startsWith(root) || name.contains("/")) {
      throw new AbortException("'" + name + "' is not a valid stash name");
    }
    return folder;
  }

  private static void copy(Path from, List<String> files, Path to) throws IOException {
    for (String relative : files) {
      Path target = to.resolve(relative);
      Files.createDirectories(target.getParent());
      Files.copy(from.resolve(relative), target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
