pipeline {
    agent any
    stages {
        stage('Build') {
            steps {
                echo 'never runs'
            }
        }
        stage('Build') {
            steps {
                echo 'never runs either'
            }
        }
    }
}
