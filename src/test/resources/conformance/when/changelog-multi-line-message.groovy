pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Single line') {
            when {
                changelog 'deploy'
            }
            steps {
                echo 'single line matched'
            }
        }
        stage('Across lines') {
            when {
                changelog '.*\\[deploy\\].*'
            }
            steps {
                echo 'across lines matched'
            }
        }
        stage('Title') {
            when {
                changelog 'Fix the login page'
            }
            steps {
                echo 'title matched'
            }
        }
    }
}
