pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Not main') {
            when {
                not { branch 'main' }
            }
            steps {
                echo 'not on main'
            }
        }
        stage('Not feature') {
            when {
                not { branch 'feature/*' }
            }
            steps {
                echo 'not a feature'
            }
        }
    }
}
