pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Publish') {
            environment {
                NPM_TOKEN = credentials('npm')
            }
            steps {
                sh 'echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN"'
            }
        }
        stage('After') {
            steps {
                sh 'echo "token now: ${NPM_TOKEN:-unset}"'
            }
        }
    }
}
