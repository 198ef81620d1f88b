pipeline {
    agent any
    options { skipDefaultCheckout() }
    environment {
        REGISTRY = credentials('registry-login')
    }
    stages {
        stage('Login') {
            steps {
                sh 'test "$REGISTRY_USR" = deployer && echo user matches'
                sh 'echo "pair $REGISTRY"'
                sh 'test "$REGISTRY_PSW" = "hunter2-long-password" && echo password matches'
            }
        }
    }
}
