pipeline {
    agent any
    stages {
        stage('Build') {
            when {
            }
            steps {
                echo 'never runs'
            }
        }
    }
}
