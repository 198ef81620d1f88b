pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Deploy') {
            parallel {
                stage('eu') {
                    steps {
                        lock('prod-cluster') {
                            writeFile file: 'holder', text: 'eu'
                            sleep(time: 300, unit: 'MILLISECONDS')
                            echo "eu sees ${readFile('holder')}"
                        }
                    }
                }
                stage('us') {
                    steps {
                        lock(resource: 'prod-cluster', variable: 'LOCKED') {
                            writeFile file: 'holder', text: 'us'
                            sleep(time: 300, unit: 'MILLISECONDS')
                            echo "us sees ${readFile('holder')} in ${env.LOCKED}"
                        }
                    }
                }
            }
        }
    }
}
