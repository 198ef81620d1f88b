pipeline {
    agent any
    stages {
        stage('Build') {
            steps {
                echo 'never runs'
            }
        }
    }
    post {
        finally {
            echo 'not a condition'
        }
    }
}
