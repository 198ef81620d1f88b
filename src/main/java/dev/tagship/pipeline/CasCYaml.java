package dev.tagship.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads SnakeYAML's node tree, which keeps every scalar as written (JCasC's values are text: an id
 * of {@code 0123} must not become a number) and knows each node's line for error messages.
 */
final class CasCYaml {

  private CasCYaml() {}

  static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  /** A YAML {@code key:} with nothing after it. */
  static boolean isEmpty(Node node) {
    return node == null || node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
  }

  /** The entries of a mapping in file order; {@code what} names it in errors. */
  static Map<String, Node> mapping(Node node, String what) {
    Map<String, Node> entries = new LinkedHashMap<>();
    if (isEmpty(node)) {
      return entries;
    }
    if (!(node instanceof MappingNode mapping)) {
      throw new CredentialsFileException(what + " (line " + line(node) + ") must be a mapping");
    }
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        throw new CredentialsFileException(
            what + " (line " + line(tuple.getKeyNode()) + ") has a key that is not text");
      }
      if (entries.put(key.getValue(), tuple.getValueNode()) != null) {
        throw new CredentialsFileException(
            what + " (line " + line(key) + ") gives '" + key.getValue() + "' twice");
      }
    }
    return entries;
  }

  static List<Node> sequence(Node node, String what) {
    if (isEmpty(node)) {
      return List.of();
    }
    if (!(node instanceof SequenceNode sequence)) {
      throw new CredentialsFileException(
          what + " (line " + line(node) + ") must be a list (entries starting with '- ')");
    }
    return sequence.getValue();
  }

  /** The text as written, or null for an empty value. */
  static String scalar(Node node, String what) {
    if (isEmpty(node)) {
      return null;
    }
    if (!(node instanceof ScalarNode scalar)) {
      throw new CredentialsFileException(what + " (line " + line(node) + ") must be a text value");
    }
    return scalar.getValue();
  }
}
