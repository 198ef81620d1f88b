pipeline {
    agent any
    options { skipDefaultCheckout() }
    parameters {
        string(name: 'TARGET', defaultValue: 'staging')
    }
    stages {
        stage('Change') {
            steps {
                script {
                    params.TARGET = 'production'
                }
                echo 'not reached'
            }
        }
    }
}
