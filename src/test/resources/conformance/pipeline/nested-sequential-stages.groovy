pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Verify') {
            stages {
                stage('Lint') {
                    steps {
                        echo 'linting'
                    }
                }
                stage('Unit') {
                    steps {
                        echo 'unit tests'
                    }
                }
            }
        }
        stage('Ship') {
            steps {
                echo 'shipping'
            }
        }
    }
}
