pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Verify') {
            stages {
                stage('Lint') {
                    steps {
                        error 'lint errors'
                    }
                }
                stage('Unit') {
                    steps {
                        echo 'unit tests'
                    }
                }
            }
            post {
                failure {
                    echo 'verify failed'
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
