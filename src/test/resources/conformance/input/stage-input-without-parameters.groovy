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
    }
}
