pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Checks') {
            parallel {
                stage('A') {
                    steps {
                        echo 'a'
                    }
                }
                stage('B') {
                    steps {
                        echo 'b'
                    }
                }
            }
            post {
                success {
                    echo 'all checks passed'
                }
            }
        }
    }
}
