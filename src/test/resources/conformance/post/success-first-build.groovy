pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Work') {
            steps {
                echo 'working'
            }
        }
    }
    post {
        cleanup { echo 'post cleanup' }
        failure { echo 'post failure' }
        unstable { echo 'post unstable' }
        unsuccessful { echo 'post unsuccessful' }
        success { echo 'post success' }
        aborted { echo 'post aborted' }
        regression { echo 'post regression' }
        fixed { echo 'post fixed' }
        changed { echo 'post changed' }
        always { echo 'post always' }
    }
}
