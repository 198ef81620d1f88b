pipeline {
    stages {
        stage('Build') {
            steps {
                echo 'never runs'
            }
        }
    }
}
