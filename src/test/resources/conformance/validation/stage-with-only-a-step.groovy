pipeline {
    agent any
    stages {
        stage('Build') {
            echo 'steps must be in a steps block'
        }
    }
}
