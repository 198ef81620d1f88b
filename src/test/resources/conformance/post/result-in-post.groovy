pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Work') {
            steps {
                error 'boom'
            }
        }
    }
    post {
        always {
            echo "result=${currentBuild.result} current=${currentBuild.currentResult}"
        }
    }
}
