pipeline {
    agent any
    stages {
        stage('Build') {
            steps {
                echo 'compiling'
                sh 'echo linked'
            }
        }
    }
}
