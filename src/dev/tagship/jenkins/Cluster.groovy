package dev.tagship.jenkins

/**
 * Runs a tagship command that talks to the cluster, with the token of a secret-text credential in
 * TAGSHIP_KUBE_TOKEN when one is named, and returns its standard output.
 */
class Cluster implements Serializable {

  static String call(script, String credentialsId, String command) {
    if (credentialsId) {
      String out
      script.withCredentials([script.string(credentialsId: credentialsId, variable: 'TAGSHIP_KUBE_TOKEN')]) {
        out = script.sh(script: command, returnStdout: true)
      }
      return out
    }
    return script.sh(script: command, returnStdout: true)
  }
}
