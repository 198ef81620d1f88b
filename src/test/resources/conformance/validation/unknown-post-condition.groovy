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
        afterwards {
            echo 'not a condition'
        }
    }
}
