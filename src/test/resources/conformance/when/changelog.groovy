pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Deploy') {
            when {
                changelog '.*\\[deploy\\].*'
            }
            steps {
                echo 'deploy requested'
            }
        }
        stage('Skip') {
            when {
                changelog '.*\\[skip tests\\].*'
            }
            steps {
                echo 'tests skipped'
            }
        }
    }
}
