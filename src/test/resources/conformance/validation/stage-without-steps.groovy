pipeline {
    agent any
    stages {
        stage('Nothing') {
            environment {
                X = 'y'
            }
        }
    }
}
