pipeline {
    agent none
    stages {
        stage('Judge') {
            steps {
                script {
                    currentBuild.result = 'UNSTABLE'
                    currentBuild.result = 'SUCCESS'
                    echo "now ${currentBuild.result}"
                    echo "current ${currentBuild.currentResult}"
                }
            }
        }
    }
}
