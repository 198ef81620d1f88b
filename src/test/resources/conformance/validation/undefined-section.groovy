pipeline {
    agent any
    deploy {
        echo 'where does this go?'
    }
    stages {
        stage('Build') {
            steps {
                echo 'never runs'
            }
        }
    }
}
