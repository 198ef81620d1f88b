pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Both') {
            when {
                branch 'main'
                expression { return false }
            }
            steps {
                echo 'both held'
            }
        }
    }
}
