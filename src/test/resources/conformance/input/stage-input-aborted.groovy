pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Release') {
            input {
                message 'Release?'
            }
            steps {
                echo 'released'
            }
        }
        stage('Announce') {
            steps {
                echo 'announced'
            }
        }
    }
    post {
        aborted {
            echo 'release was aborted'
        }
    }
}
