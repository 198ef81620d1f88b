pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Prefix') {
            when {
                changelog 'release:'
            }
            steps {
                echo 'prefix matched'
            }
        }
        stage('Whole') {
            when {
                changelog 'release:.*'
            }
            steps {
                echo 'whole matched'
            }
        }
    }
}
