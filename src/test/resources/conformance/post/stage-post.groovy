pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Test') {
            steps {
                sh 'exit 1'
            }
            post {
                always {
                    echo 'archiving reports'
                }
                failure {
                    echo 'tests failed'
                }
                success {
                    echo 'tests passed'
                }
            }
        }
    }
    post {
        failure {
            echo 'build failed'
        }
    }
}
