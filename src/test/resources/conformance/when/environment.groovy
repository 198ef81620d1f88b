pipeline {
    agent any
    options { skipDefaultCheckout() }
    environment {
        DEPLOY_TO = 'production'
    }
    stages {
        stage('Production') {
            when {
                environment name: 'DEPLOY_TO', value: 'production'
            }
            steps {
                echo 'to production'
            }
        }
        stage('Staging') {
            when {
                environment name: 'DEPLOY_TO', value: 'staging'
            }
            steps {
                echo 'to staging'
            }
        }
    }
}
