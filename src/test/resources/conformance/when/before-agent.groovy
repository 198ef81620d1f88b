pipeline {
    agent none
    stages {
        stage('Deploy') {
            agent any
            when {
                beforeAgent true
                branch 'production'
            }
            steps {
                echo 'deploying'
            }
        }
    }
}
