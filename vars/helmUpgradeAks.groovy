import dev.tagship.jenkins.Cli
import dev.tagship.jenkins.Cluster
import dev.tagship.jenkins.StepResult

/**
 * helmUpgradeAks(release: 'shop', chart: 'charts/shop', namespace: 'development', imageTag: v)
 * on a real Jenkins: runs `tagship deploy` on the agent, which upgrades, verifies the rollout and
 * fails fast on crash loops and pull errors. Returns the result ("${r}" is the revision).
 */
def call(Map args = [:]) {
  Cli.checkKeys('helmUpgradeAks', args, ['release', 'chart', 'version', 'namespace',
      'createNamespace', 'imageTag', 'imageRepository', 'imageDigest', 'values', 'set',
      'timeout', 'historyMax', 'repairPending', 'skipCrds', 'kubeconfig', 'server', 'caFile', 'credentialsId',
      'subscription', 'resourceGroup', 'cluster', 'tenant'])
  def words = ['tagship', 'deploy', '--output', 'json', '--release', args.release, '--chart', args.chart]
  Cli.option(words, '--chart-version', args.version)
  Cli.option(words, '--namespace', args.namespace)
  Cli.option(words, '--create-namespace', args.createNamespace)
  Cli.option(words, '--image-tag', args.imageTag)
  Cli.option(words, '--image-repository', args.imageRepository)
  Cli.option(words, '--image-digest', args.imageDigest)
  Cli.option(words, '--values', args.values)
  Cli.option(words, '--set', args.set)
  Cli.option(words, '--timeout', args.timeout)
  Cli.option(words, '--history-max', args.historyMax)
  Cli.option(words, '--repair-pending', args.repairPending)
  Cli.option(words, '--skip-crds', args.skipCrds)
  Cli.option(words, '--kubeconfig', args.kubeconfig)
  Cli.option(words, '--server', args.server)
  Cli.option(words, '--ca-file', args.caFile)
  Cli.option(words, '--aks-subscription', args.subscription)
  Cli.option(words, '--aks-resource-group', args.resourceGroup)
  Cli.option(words, '--aks-cluster', args.cluster)
  Cli.option(words, '--azure-tenant', args.tenant)
  String json = Cluster.call(this, args.credentialsId, Cli.command(words))
  return new StepResult(readJSON(text: json), 'revision')
}
