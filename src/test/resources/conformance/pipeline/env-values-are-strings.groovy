pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Env') {
            steps {
                script {
                    env.RETRIES = 3
                    env.ENABLED = true
                    echo "retries ${env.RETRIES} is ${env.RETRIES.getClass().getSimpleName()}"
                    echo "enabled ${env.ENABLED == 'true'}"
                }
                sh 'echo "shell sees $RETRIES"'
            }
        }
    }
}
