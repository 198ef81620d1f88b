package dev.tagship.pipeline.dsl;

import dev.tagship.pipeline.model.Matrix;
import dev.tagship.pipeline.model.Matrix.Axis;
import dev.tagship.pipeline.model.Matrix.Exclude;
import dev.tagship.pipeline.model.Matrix.ExcludedAxis;
import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The block of {@code matrix { ... }}: {@code axes}, {@code excludes}, and the directives of the
 * cell each combination runs (agent, when, environment, stages, post...).
 */
final class MatrixBuilder extends StageBuilder {

  private List<Axis> axes;
  private final List<Exclude> excludes = new ArrayList<>();

  private MatrixBuilder() {
    super("matrix", true);
  }

  static Matrix read(Closure<?> body) {
    MatrixBuilder builder = new MatrixBuilder();
    read(body, builder);
    if (builder.axes == null) {
      throw new DeclarativeException(JenkinsMessages.requiredSection("axes"));
    }
    if (builder.axes.isEmpty()) {
      throw new DeclarativeException(JenkinsMessages.noAxes());
    }
    if (builder.stages == null) {
      throw new DeclarativeException(JenkinsMessages.requiredSection("stages"));
    }
    return new Matrix(builder.axes, builder.excludes, builder.build());
  }

  public Object axes(Closure<?> body) {
    AxesBuilder builder = new AxesBuilder();
    read(body, builder);
    axes = builder.axes;
    return CHAINED;
  }

  public Object excludes(Closure<?> body) {
    ExcludesBuilder builder = new ExcludesBuilder();
    read(body, builder);
    if (builder.excludes.isEmpty()) {
      throw new DeclarativeException("No exclude directives specified");
    }
    excludes.addAll(builder.excludes);
    return CHAINED;
  }

  @Override
  public Object steps(Closure<?> body) {
    throw new DeclarativeException(unknown("steps"));
  }

  @Override
  String unknown(String section) {
    return JenkinsMessages.undefinedSection(section);
  }

  /** {@code axes { axis { name 'OS'; values 'linux', 'mac' } ... }}. */
  private static final class AxesBuilder extends SectionBuilder {
    private final List<Axis> axes = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    public Object axis(Closure<?> body) {
      AxisBuilder builder = new AxisBuilder();
      read(body, builder);
      if (builder.name == null) {
        throw new DeclarativeException("Missing required parameter: \"name\"");
      }
      if (builder.values.isEmpty()) {
        throw new DeclarativeException("Missing required parameter: \"values\"");
      }
      if (!names.add(builder.name)) {
        throw new DeclarativeException("Duplicate axis name: \"" + builder.name + "\"");
      }
      if (new HashSet<>(builder.values).size() != builder.values.size()) {
        throw new DeclarativeException("Duplicate axis value in axis \"" + builder.name + "\"");
      }
      axes.add(new Axis(builder.name, builder.values));
      return CHAINED;
    }

    @Override
    String unknown(String name) {
      return "Expected an axis";
    }
  }

  /** {@code axis { name 'OS'; values 'linux', 'mac' }}; in an exclude also {@code notValues}. */
  private static class AxisBuilder extends SectionBuilder {
    String name;
    List<String> values = List.of();
    boolean notValues;

    public Object name(Object value) {
      name = text(value);
      return CHAINED;
    }

    public Object values(Object... values) {
      this.values = Arrays.stream(values).map(String::valueOf).toList();
      return CHAINED;
    }

    public Object notValues(Object... values) {
      values(values);
      notValues = true;
      return CHAINED;
    }

    @Override
    String unknown(String section) {
      return JenkinsMessages.undefinedSection(section);
    }
  }

  /** {@code excludes { exclude { axis {...} ... } ... }}. */
  private static final class ExcludesBuilder extends SectionBuilder {
    private final List<Exclude> excludes = new ArrayList<>();

    public Object exclude(Closure<?> body) {
      ExcludeBuilder builder = new ExcludeBuilder();
      read(body, builder);
      excludes.add(new Exclude(builder.axes));
      return CHAINED;
    }

    @Override
    String unknown(String name) {
      return "Expected an exclude";
    }
  }

  private static final class ExcludeBuilder extends SectionBuilder {
    private final List<ExcludedAxis> axes = new ArrayList<>();

    public Object axis(Closure<?> body) {
      AxisBuilder builder = new AxisBuilder();
      read(body, builder);
      if (builder.values.isEmpty()) {
        throw new DeclarativeException(
            "Exclude axis must contain either \"values\" or \"notValues\"");
      }
      axes.add(new ExcludedAxis(builder.name, builder.values, builder.notValues));
      return CHAINED;
    }

    @Override
    String unknown(String name) {
      return "Expected an axis";
    }
  }
}
