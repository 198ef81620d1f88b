pipeline {
    agent none
    options { skipDefaultCheckout() }
    stages {
        stage('In container') {
            agent {
                docker {
                    image 'maven:3.9-eclipse-temurin-17'
                    args '-v $HOME/.m2:/root/.m2'
                }
            }
            steps {
                echo 'steps still run'
            }
        }
    }
}
