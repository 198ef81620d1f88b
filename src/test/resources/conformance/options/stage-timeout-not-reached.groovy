pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Quick') {
            options {
                timeout(time: 5, unit: 'MINUTES')
            }
            steps {
                echo 'done in time'
            }
        }
    }
}
