pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Work') {
            steps {
                echo 'work done'
            }
        }
    }
    post {
        always {
            error 'notification failed'
        }
        cleanup {
            echo 'cleanup still runs'
        }
    }
}
