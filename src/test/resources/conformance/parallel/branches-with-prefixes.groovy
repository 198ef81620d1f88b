pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Tests') {
            parallel {
                stage('Unit') {
                    steps {
                        echo 'unit ran'
                    }
                }
                stage('Integration') {
                    steps {
                        echo 'integration ran'
                    }
                }
            }
        }
        stage('After') {
            steps {
                echo 'after parallel'
            }
        }
    }
}
