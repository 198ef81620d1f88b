pipeline {
    agent any
    options {
        skipDefaultCheckout()
        skipStagesAfterUnstable()
    }
    stages {
        stage('Test') {
            steps {
                unstable 'coverage dropped'
            }
        }
        stage('Deploy') {
            steps {
                echo 'deploying'
            }
        }
    }
    post {
        always {
            echo "post sees ${currentBuild.currentResult}"
        }
    }
}
