pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Wait') {
            steps {
                waitUntil {
                    script {
                        'yes'
                    }
                }
            }
        }
    }
}
