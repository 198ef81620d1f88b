pipeline {
    agent { label 'linux' }
    options { skipDefaultCheckout() }
    stages {
        stage('Build') {
            steps {
                echo 'on a linux agent'
            }
        }
    }
}
