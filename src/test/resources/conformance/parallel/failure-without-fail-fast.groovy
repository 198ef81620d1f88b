pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Checks') {
            parallel {
                stage('Broken') {
                    steps {
                        error 'broken branch'
                    }
                }
                stage('Steady') {
                    steps {
                        sleep(time: 300, unit: 'MILLISECONDS')
                        echo 'steady finished'
                    }
                }
            }
        }
        stage('Deploy') {
            steps {
                echo 'deploying'
            }
        }
    }
}
