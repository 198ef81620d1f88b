pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Check') {
            steps {
                error 'version file missing'
            }
        }
        stage('Package') {
            steps {
                echo 'packaging'
            }
        }
    }
}
