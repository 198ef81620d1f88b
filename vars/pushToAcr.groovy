import dev.tagship.jenkins.Cli
import dev.tagship.jenkins.StepResult

/**
 * pushToAcr(registry: 'myreg.azurecr.io', repository: 'shop', tags: [v, 'latest'], image: ...)
 * on a real Jenkins: runs `tagship push` on the agent and returns its result ("${r}" is the
 * digest). Registry credentials come from credentialsId (username/password) through the
 * environment, or from the agent's Azure identity (azureSignIn: true).
 */
def call(Map args = [:]) {
  Cli.checkKeys('pushToAcr', args, ['registry', 'repository', 'tags', 'image', 'from', 'base',
      'add', 'entrypoint', 'env', 'expose', 'labels', 'user', 'plainHttp', 'caFile',
      'insecureSkipTlsVerify', 'credentialsId', 'azureSignIn', 'azureTenant', 'parallel'])
  if (!args.registry) {
    error 'pushToAcr: registry is required, e.g. pushToAcr(registry: "myreg.azurecr.io", ...)'
  }
  def words = ['tagship', 'push', '--output', 'json', '--registry', args.registry]
  Cli.option(words, '--repository', args.repository)
  Cli.option(words, '--tag', args.tags instanceof List ? args.tags : (args.tags ? [args.tags] : null))
  Cli.option(words, '--from', args.from)
  Cli.option(words, '--base', args.base)
  Cli.option(words, '--add', args.add)
  Cli.option(words, '--entrypoint', args.entrypoint)
  Cli.option(words, '--env', args.env)
  Cli.option(words, '--expose', args.expose)
  Cli.option(words, '--label', args.labels)
  Cli.option(words, '--user', args.user)
  Cli.option(words, '--plain-http', args.plainHttp)
  Cli.option(words, '--ca-file', args.caFile)
  Cli.option(words, '--insecure-skip-tls-verify', args.insecureSkipTlsVerify)
  Cli.option(words, '--azure-sign-in', args.azureSignIn)
  Cli.option(words, '--azure-tenant', args.azureTenant)
  Cli.option(words, '--parallel', args.parallel)
  if (args.image) {
    words << args.image
  }
  String command = Cli.command(words)
  String json
  if (args.credentialsId) {
    withCredentials([usernamePassword(credentialsId: args.credentialsId,
        usernameVariable: 'TAGSHIP_REGISTRY_USERNAME', passwordVariable: 'TAGSHIP_REGISTRY_PASSWORD')]) {
      json = sh(script: command, returnStdout: true)
    }
  } else {
    json = sh(script: command, returnStdout: true)
  }
  return new StepResult(readJSON(text: json), 'digest')
}
