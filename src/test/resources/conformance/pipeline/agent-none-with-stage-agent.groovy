pipeline {
    agent none
    stages {
        stage('Plan') {
            steps {
                echo 'no workspace needed'
            }
        }
        stage('Compile') {
            agent any
            steps {
                echo 'on an executor'
            }
        }
    }
}
