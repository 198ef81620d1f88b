pipeline {
    agent none
    stages {
        stage('Deploy') {
            agent any
            when {
                branch 'production'
            }
            steps {
                echo 'deploying'
            }
        }
    }
}
