properties([
    buildDiscarder(logRotator(numToKeepStr: '5')),
    pipelineTriggers([cron('H/15 * * * *')]),
    parameters([
        string(name: 'WHO', defaultValue: 'world'),
        booleanParam(name: 'LOUD', defaultValue: false)
    ])
])
node {
    stage('Hello') {
        echo "hello ${params.WHO} loud=${params.LOUD} env=${env.WHO}"
    }
}
