pipeline {
    agent any
    options { skipDefaultCheckout() }
    environment {
        TOKEN = credentials('no-such-credential')
    }
    stages {
        stage('Use') {
            steps {
                echo 'not reached'
            }
        }
    }
}
