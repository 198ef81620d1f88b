pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Slow deploy') {
            options {
                timeout(time: 10, unit: 'MINUTES')
            }
            when {
                beforeOptions true
                branch 'production'
            }
            steps {
                echo 'deploying'
            }
        }
    }
}
