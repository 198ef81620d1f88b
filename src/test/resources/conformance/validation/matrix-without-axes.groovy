pipeline {
    agent any
    stages {
        stage('Matrix') {
            matrix {
                stages {
                    stage('Build') {
                        steps {
                            echo 'never runs'
                        }
                    }
                }
            }
        }
    }
}
