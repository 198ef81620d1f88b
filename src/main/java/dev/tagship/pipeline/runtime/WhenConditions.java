package dev.tagship.pipeline.runtime;

import dev.tagship.pipeline.dsl.DeclarativeException;
import dev.tagship.pipeline.dsl.JenkinsMessages;
import dev.tagship.pipeline.model.When;
import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/**
 * A stage's {@code when} block, built when the stage starts: the conditions (all must hold) and the
 * {@code beforeAgent}/{@code beforeInput}/{@code beforeOptions} flags.
 */
final class WhenConditions extends GroovyObjectSupport {

  static final List<String> CONDITIONS = When.CONDITIONS;

  private final PipelineRun run;
  private final ChangeSet changes;
  private final List<BooleanSupplier> conditions = new ArrayList<>();
  boolean beforeAgent;
  boolean beforeInput;
  boolean beforeOptions;

  private WhenConditions(PipelineRun run, ChangeSet changes) {
    this.run = run;
    this.changes = changes;
  }

  static WhenConditions read(Closure<?> block, PipelineRun run, ChangeSet changes) {
    WhenConditions when = new WhenConditions(run, changes);
    when.readInto(block);
    if (when.conditions.isEmpty()) {
      throw new DeclarativeException(JenkinsMessages.emptyWhen());
    }
    return when;
  }

  private void readInto(Closure<?> block) {
    Closure<?> copy = (Closure<?>) block.clone();
    copy.setResolveStrategy(Closure.DELEGATE_FIRST);
    copy.setDelegate(this);
    copy.call();
  }

  boolean passes() {
    return conditions.stream().allMatch(BooleanSupplier::getAsBoolean);
  }

  public Object methodMissing(String name, Object args) {
    throw new DeclarativeException(JenkinsMessages.unknownWhenConditional(name, CONDITIONS));
  }

  public void beforeAgent(boolean value) {
    beforeAgent = value;
  }

  public void beforeInput(boolean value) {
    beforeInput = value;
  }

  public void beforeOptions(boolean value) {
    beforeOptions = value;
  }

  public void branch(Object pattern) {
    Matcher matcher = Matcher.of(pattern, "pattern");
    conditions.add(
        () -> run.env().get("CHANGE_ID") == null && matcher.matches(run.env().get("BRANCH_NAME")));
  }

  public void tag(Object pattern) {
    Matcher matcher = Matcher.of(pattern, "pattern");
    conditions.add(() -> matcher.matches(run.env().get("TAG_NAME")));
  }

  public void tag() {
    buildingTag();
  }

  public void buildingTag() {
    conditions.add(() -> run.env().get("TAG_NAME") != null);
  }

  public void changeRequest() {
    conditions.add(() -> run.env().get("CHANGE_ID") != null);
  }

  public void changeRequest(Map<?, ?> ignoredFilters) {
    changeRequest();
  }

  public void environment(Map<?, ?> named) {
    String name = String.valueOf(named.get("name"));
    Object value = named.get("value");
    boolean ignoreCase = Boolean.TRUE.equals(named.get("ignoreCase"));
    Matcher matcher =
        Matcher.of(
            value == null ? "" : value.toString(),
            named.get("comparator") == null ? "EQUALS" : named.get("comparator").toString(),
            !ignoreCase);
    conditions.add(() -> matcher.matches(run.env().get(name)));
  }

  /** {@code equals expected: x, actual: y}, renamed when compiled (see {@link StepNamesFirst}). */
  public void whenConditionEquals(Map<?, ?> named) {
    Object expected = named.get("expected");
    Object actual = named.get("actual");
    conditions.add(() -> DefaultTypeTransformation.compareEqual(expected, actual));
  }

  public void expression(Closure<?> body) {
    conditions.add(
        () -> {
          Closure<?> copy = (Closure<?>) body.clone();
          copy.setResolveStrategy(Closure.OWNER_FIRST);
          return DefaultTypeTransformation.castToBoolean(copy.call());
        });
  }

  public void not(Closure<?> body) {
    WhenConditions inner = nested(body);
    if (inner.conditions.size() != 1) {
      throw new DeclarativeException(
          "Nested when condition \"not\" requires exactly 1 child condition(s).");
    }
    conditions.add(() -> !inner.passes());
  }

  public void allOf(Closure<?> body) {
    WhenConditions inner = nested(body);
    conditions.add(inner::passes);
  }

  public void anyOf(Closure<?> body) {
    WhenConditions inner = nested(body);
    conditions.add(() -> inner.conditions.stream().anyMatch(BooleanSupplier::getAsBoolean));
  }

  private WhenConditions nested(Closure<?> body) {
    WhenConditions inner = new WhenConditions(run, changes);
    inner.readInto(body);
    if (inner.conditions.isEmpty()) {
      throw new DeclarativeException(
          "Nested when condition requires at least one child condition.");
    }
    return inner;
  }

  public void changeset(Object pattern) {
    boolean caseSensitive =
        pattern instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("caseSensitive"));
    Matcher matcher =
        pattern instanceof Map<?, ?> map
            ? Matcher.of(
                String.valueOf(map.get("pattern")),
                map.get("comparator") == null ? "GLOB" : map.get("comparator").toString(),
                caseSensitive)
            : Matcher.of(String.valueOf(pattern), "GLOB", false);
    conditions.add(() -> changes.files().stream().anyMatch(matcher::matches));
  }

  /**
   * Jenkins matches the pattern against the commit's title as a whole, and against the whole
   * message with the pattern anywhere within one line of it (ChangeLogConditional).
   */
  public void changelog(Object regex) {
    String pattern = String.valueOf(regex);
    Pattern title = Pattern.compile(pattern);
    Pattern withinALine =
        Pattern.compile(
            "^[^\\r\\n]*?" + pattern + "[^\\r\\n]*?$", Pattern.MULTILINE | Pattern.DOTALL);
    conditions.add(
        () ->
            changes.messages().stream()
                .anyMatch(
                    message ->
                        title.matcher(message.lines().findFirst().orElse("")).matches()
                            || withinALine.matcher(message).matches()));
  }

  public void triggeredBy(Object cause) {
    String name =
        cause instanceof Map<?, ?> map ? String.valueOf(map.get("cause")) : String.valueOf(cause);
    conditions.add(() -> "UserIdCause".equals(name) || "user".equalsIgnoreCase(name));
  }

  public void isRestartedRun() {
    conditions.add(() -> false);
  }

  /** A pattern with one of Jenkins' comparators: GLOB (Ant style), REGEXP or EQUALS. */
  record Matcher(Pattern pattern) {

    static Matcher of(Object spec, String defaultKey) {
      if (spec instanceof Map<?, ?> map) {
        Object comparator = map.get("comparator");
        return of(
            String.valueOf(map.get(defaultKey)),
            comparator == null ? "GLOB" : comparator.toString(),
            true);
      }
      return of(String.valueOf(spec), "GLOB", true);
    }

    static Matcher of(String text, String comparator, boolean caseSensitive) {
      String regex =
          switch (comparator.toUpperCase(Locale.ROOT)) {
            case "GLOB" -> glob(text);
            case "REGEXP" -> text;
            case "EQUALS" -> Pattern.quote(text);
            default ->
                throw new DeclarativeException(
                    "Invalid comparator \"" + comparator + "\"; use GLOB, REGEXP or EQUALS");
          };
      return new Matcher(Pattern.compile(regex, caseSensitive ? 0 : Pattern.CASE_INSENSITIVE));
    }

    boolean matches(String value) {
      return value != null && pattern.matcher(value).matches();
    }

    private static String glob(String glob) {
      return AntPattern.regex(glob);
    }
  }
}
