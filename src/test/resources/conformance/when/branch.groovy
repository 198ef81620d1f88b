pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Main only') {
            when {
                branch 'main'
            }
            steps {
                echo 'ran on main'
            }
        }
        stage('Release branches') {
            when {
                branch 'release/*'
            }
            steps {
                echo 'ran on a release branch'
            }
        }
    }
}
