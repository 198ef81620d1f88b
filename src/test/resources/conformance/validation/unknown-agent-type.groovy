pipeline {
    agent {
        vm 'large'
    }
    stages {
        stage('Build') {
            steps {
                echo 'never runs'
            }
        }
    }
}
