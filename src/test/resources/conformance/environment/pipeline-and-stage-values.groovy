pipeline {
    agent any
    options { skipDefaultCheckout() }
    environment {
        APP = 'shop'
        IMAGE = "registry.example.com/${APP}:${BUILD_NUMBER}"
    }
    stages {
        stage('Build') {
            environment {
                APP = 'shop-admin'
                PROFILE = 'release'
            }
            steps {
                echo "app=${env.APP} profile=${PROFILE}"
                sh 'echo "image=$IMAGE"'
            }
        }
        stage('After') {
            steps {
                echo "app=${env.APP} profile=${env.PROFILE}"
            }
        }
    }
}
