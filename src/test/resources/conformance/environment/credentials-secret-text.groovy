pipeline {
    agent any
    options { skipDefaultCheckout() }
    environment {
        SONAR_TOKEN = credentials('sonar-token')
    }
    stages {
        stage('Scan') {
            steps {
                sh 'echo "token=$SONAR_TOKEN"'
            }
        }
    }
}
