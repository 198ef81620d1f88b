pipeline {
    agent any
    options {
        skipDefaultCheckout()
        timeout(time: 2, unit: 'SECONDS')
    }
    stages {
        stage('Slow') {
            steps {
                echo 'starting'
                sleep 30
                echo 'woke up'
            }
        }
    }
}
