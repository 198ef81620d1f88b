pipeline {
    agent any
    options {
        retryForever()
    }
    stages {
        stage('Build') {
            steps {
                echo 'never runs'
            }
        }
    }
}
