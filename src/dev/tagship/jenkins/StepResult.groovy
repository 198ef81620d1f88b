package dev.tagship.jenkins

/**
 * What a library step returns: the fields of tagship's JSON output, readable as properties
 * (v.version, v.tag), and the main one ("version", "digest") when used as a string — as the native
 * steps of tagship run return them.
 */
class StepResult implements Serializable {

  final Map fields
  final String main

  StepResult(Map fields, String main) {
    this.fields = fields
    this.main = main
  }

  def propertyMissing(String name) {
    if (!fields.containsKey(name)) {
      throw new MissingPropertyException(name, StepResult)
    }
    return fields[name]
  }

  @Override
  String toString() {
    return fields[main] as String
  }
}
