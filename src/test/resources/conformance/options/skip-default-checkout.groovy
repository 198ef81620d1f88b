pipeline {
    agent any
    options {
        skipDefaultCheckout()
    }
    stages {
        stage('Build') {
            steps {
                echo 'no checkout happened'
            }
        }
    }
}
