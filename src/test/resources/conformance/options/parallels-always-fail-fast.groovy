pipeline {
    agent any
    options {
        skipDefaultCheckout()
        parallelsAlwaysFailFast()
    }
    stages {
        stage('Checks') {
            parallel {
                stage('Quick fail') {
                    steps {
                        error 'quick check failed'
                    }
                }
                stage('Long') {
                    steps {
                        sleep 30
                        echo 'long check finished'
                    }
                }
            }
        }
    }
}
