pipeline {
    agent any
    stages {
        stage('First') {
            steps {
                echo 'never runs either'
            }
        }
        stage('Build') {
            when {
                weekday 'friday'
            }
            steps {
                echo 'never runs'
            }
        }
    }
}
