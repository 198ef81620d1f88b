pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Decide') {
            steps {
                script {
                    currentBuild.result = 'NOT_BUILT'
                }
            }
        }
    }
    post {
        notBuilt { echo 'post notBuilt' }
        unsuccessful { echo 'post unsuccessful' }
        failure { echo 'post failure' }
    }
}
