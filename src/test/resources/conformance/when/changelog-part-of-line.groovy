pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Release') {
            when {
                changelog 'release:'
            }
            steps {
                echo 'release commit'
            }
        }
    }
}
