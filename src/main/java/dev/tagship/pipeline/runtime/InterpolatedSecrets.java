package dev.tagship.pipeline.runtime;

import groovy.lang.GString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Jenkins' warning for a secret written into a step's argument with Groovy interpolation ({@code sh
 * "curl -u ${PASS}"}): the shell then sees the secret itself in its command, where {@code sh 'curl
 * -u $PASS'} lets the shell read it from its environment. As workflow-cps' {@code DSL} does, every
 * interpolated string among the arguments (in lists and maps too) is checked against the values of
 * the bound credentials' variables, and one warning per step call names those it contains.
 */
final class InterpolatedSecrets {

  private InterpolatedSecrets() {}

  static void warn(String step, Object[] arguments, Frame frame, EnvVars env, RunLog log) {
    if (frame == null || frame.sensitive().isEmpty()) {
      return;
    }
    List<String> interpolated = new ArrayList<>();
    collect(arguments, interpolated);
    if (interpolated.isEmpty()) {
      return;
    }
    TreeSet<String> used = new TreeSet<>();
    for (String name : frame.sensitive()) {
      String value = env.get(name);
      if (value != null
          && !value.isEmpty()
          && interpolated.stream().anyMatch(s -> s.contains(value))) {
        used.add(name);
      }
    }
    if (!used.isEmpty()) {
      log.output(
          frame,
          "Warning: A secret was passed to \""
              + step
              + "\" using Groovy String interpolation, which is insecure.\n"
              + "\t\t Affected argument(s) used the following variable(s): "
              + used
              + "\n\t\t See https://jenkins.io/redirect/groovy-string-interpolation for details.");
    }
  }

  private static void collect(Object value, List<String> interpolated) {
    if (value instanceof GString text) {
      interpolated.add(text.toString());
    } else if (value instanceof Object[] array) {
      for (Object element : array) {
        collect(element, interpolated);
      }
    } else if (value instanceof java.util.Collection<?> list) {
      list.forEach(element -> collect(element, interpolated));
    } else if (value instanceof Map<?, ?> map) {
      map.forEach(
          (key, element) -> {
            collect(key, interpolated);
            collect(element, interpolated);
          });
    } else if (value instanceof Describable describable) {
      collect(describable.arguments(), interpolated);
    }
  }
}
