pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Checks') {
            failFast true
            parallel {
                stage('Broken') {
                    steps {
                        error 'broken branch'
                    }
                }
                stage('Slow') {
                    steps {
                        sleep 30
                        echo 'slow finished'
                    }
                }
            }
        }
    }
}
