pipeline {
    agent any
    parameters {
        number(name: 'COUNT', defaultValue: 3)
    }
    stages {
        stage('Build') {
            steps {
                echo 'never runs'
            }
        }
    }
}
