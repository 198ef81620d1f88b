pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Build') {
            steps {
                error 'compile error'
            }
        }
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
        }
    }
}
