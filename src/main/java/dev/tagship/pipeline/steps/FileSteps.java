package dev.tagship.pipeline.steps;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tagship.core.Folders;
import dev.tagship.pipeline.runtime.AbortException;
import dev.tagship.pipeline.runtime.AntPattern;
import dev.tagship.pipeline.runtime.PipelineStep;
import dev.tagship.pipeline.runtime.StepCall;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Workspace files: readFile, writeFile, fileExists, deleteDir, cleanWs, and the
 * pipeline-utility-steps readJSON, writeJSON, readYaml, writeYaml (maps and lists Groovy reads as
 * usual).
 */
final class FileSteps {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private FileSteps() {}

  static List<PipelineStep> all() {
    return List.of(
        SimpleStep.of(
            "readFile",
            "file",
            Set.of("file", "encoding"),
            call -> Files.readString(file(call), charset(call))),
        SimpleStep.of(
            "writeFile",
            null,
            Set.of("file", "text", "encoding"),
            call -> {
              Path file = file(call);
              Files.createDirectories(file.toAbsolutePath().getParent());
              Files.writeString(file, call.required("text"), charset(call));
              return null;
            }),
        SimpleStep.of("fileExists", "file", Set.of("file"), call -> Files.exists(file(call))),
        SimpleStep.of("deleteDir", null, Set.of(), FileSteps::deleteDir),
        SimpleStep.of(
            "cleanWs",
            null,
            Set.of(
                "cleanWhenAborted",
                "cleanWhenFailure",
                "cleanWhenNotBuilt",
                "cleanWhenSuccess",
                "cleanWhenUnstable",
                "cleanupMatrixParent",
                "deleteDirs",
                "disableDeferredWipeout",
                "notFailBuild",
                "patterns",
                "externalDelete",
                "skipWhenFailed"),
            FileSteps::cleanWorkspace),
        SimpleStep.of("readJSON", null, Set.of("file", "text", "returnPojo"), FileSteps::readJson),
        SimpleStep.of(
            "writeJSON",
            null,
            Set.of("file", "json", "pretty", "returnText"),
            FileSteps::writeJson),
        SimpleStep.of("readYaml", null, Set.of("file", "text"), FileSteps::readYaml),
        SimpleStep.of("findFiles", null, Set.of("glob", "excludes"), FileSteps::findFiles),
        SimpleStep.of(
            "readProperties", null, Set.of("file", "text", "defaults"), FileSteps::readProperties),
        SimpleStep.of(
            "writeYaml",
            null,
            Set.of("file", "data", "datas", "overwrite", "returnText", "charset"),
            FileSteps::writeYaml));
  }

  private static Path file(StepCall call) {
    return call.directory().resolve(call.required("file")).normalize();
  }

  private static Charset charset(StepCall call) {
    String encoding = call.string("encoding");
    return encoding == null || encoding.isBlank()
        ? StandardCharsets.UTF_8
        : Charset.forName(encoding);
  }

  private static String source(StepCall call) throws IOException {
    if (call.has("file") == call.has("text")) {
      throw new AbortException(call.name() + ": give exactly one of file: or text:");
    }
    return call.has("text") ? call.string("text") : Files.readString(file(call));
  }

  private static Object readJson(StepCall call) throws IOException {
    return JSON.readValue(source(call), Object.class);
  }

  /**
   * {@code findFiles(glob: '**&#47;*.jar')}: the matching files under the current directory, as
   * pipeline-utility-steps gives them.
   */
  private static Object findFiles(StepCall call) throws IOException {
    Path base = call.directory();
    List<String> paths;
    if (call.has("glob")) {
      AntPattern excludes = AntPattern.excludes(call.string("excludes"), true, true);
      paths = AntPattern.of(call.string("glob"), true).files(base, excludes);
    } else {
      // no glob: what lies directly in the directory, files and folders, as Jenkins lists it
      try (Stream<Path> entries = Files.list(base)) {
        paths = entries.map(entry -> entry.getFileName().toString()).sorted().toList();
      }
    }
    List<FoundFile> found = new ArrayList<>();
    for (String path : paths) {
      Path file = base.resolve(path);
      boolean directory = Files.isDirectory(file);
      found.add(
          new FoundFile(
              file.getFileName().toString(),
              path,
              directory,
              directory ? 0L : Files.size(file),
              Files.getLastModifiedTime(file).toMillis()));
    }
    // an array, as on Jenkins, so that files.length is the number of files
    return found.toArray(new FoundFile[0]);
  }

  /** {@code readProperties}: a Java properties file or text as a map, over {@code defaults}. */
  private static Object readProperties(StepCall call) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(source(call)));
    Map<String, Object> values = new LinkedHashMap<>();
    if (call.value("defaults") instanceof Map<?, ?> defaults) {
      defaults.forEach((key, value) -> values.put(String.valueOf(key), value));
    }
    for (String name : new TreeSet<>(properties.stringPropertyNames())) {
      values.put(name, properties.getProperty(name));
    }
    return values;
  }

  private static Object writeJson(StepCall call) throws IOException {
    Object json = call.value("json");
    if (json == null) {
      throw new AbortException("writeJSON: missing required parameter \"json\"");
    }
    ObjectMapper mapper =
        call.number("pretty", 0) > 0
            ? JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
            : JSON;
    String text = mapper.writeValueAsString(plain(json));
    if (call.flag("returnText", false)) {
      return text;
    }
    Path file = file(call);
    Files.writeString(file, text);
    return null;
  }

  private static Object readYaml(StepCall call) throws IOException {
    List<Object> documents = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(source(call))) {
      var iterator = YAML.readValues(parser, new TypeReference<Object>() {});
      while (iterator.hasNext()) {
        documents.add(iterator.next());
      }
    }
    return documents.size() == 1 ? documents.get(0) : documents;
  }

  private static Object writeYaml(StepCall call) throws IOException {
    Object data = call.has("datas") ? call.value("datas") : call.value("data");
    String text;
    if (call.has("datas")) {
      StringBuilder all = new StringBuilder();
      for (Object document : call.list("datas")) {
        all.append(YAML.writeValueAsString(plain(document)));
      }
      text = all.toString();
    } else {
      text = YAML.writeValueAsString(plain(data));
    }
    if (call.flag("returnText", false)) {
      return text;
    }
    Path file = file(call);
    if (Files.exists(file) && !call.flag("overwrite", false)) {
      throw new AbortException(
          "writeYaml: " + file + " exists; pass overwrite: true to replace it");
    }
    Files.writeString(file, text);
    return null;
  }

  /** GStrings become Strings, so Jackson writes text rather than a GString's fields. */
  private static Object plain(Object value) {
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    if (value instanceof java.util.Map<?, ?> map) {
      java.util.Map<String, Object> copy = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(FileSteps::plain).toList();
    }
    return value;
  }

  /**
   * {@code cleanWs()} (the Workspace Cleanup plugin), so common in {@code post { always { } }}: on
   * Jenkins it wipes a throw-away copy, here the workspace is the user's own checkout and stays.
   */
  private static Object cleanWorkspace(StepCall call) {
    call.print("[WS-CLEANUP] Deleting project workspace...");
    call.print(
        "[WS-CLEANUP] Skipped: "
            + call.run().workspace()
            + " is the checkout tagship run works in, not a copy of it; nothing is deleted");
    call.print("[WS-CLEANUP] done");
    return null;
  }

  private static Object deleteDir(StepCall call) throws IOException {
    Path directory = call.directory();
    if (call.run().workspace().startsWith(directory)) {
      // On Jenkins the workspace is a throw-away copy; here it is the user's own checkout.
      call.print("deleteDir: not deleting " + directory + ", the workspace of a local run");
      return null;
    }
    Folders.deleteRecursively(directory);
    return null;
  }
}
