pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Test') {
            steps {
                sh 'echo running tests; exit 3'
                echo 'not reached'
            }
        }
    }
}
