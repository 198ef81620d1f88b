pipeline {
    agent any
    stages {
        stage('Mixed') {
            steps {
                echo 'never runs'
            }
            parallel {
                stage('A') {
                    steps {
                        echo 'never runs either'
                    }
                }
            }
        }
    }
}
