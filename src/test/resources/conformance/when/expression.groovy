pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Truthy') {
            when {
                expression { return env.BRANCH_NAME == 'main' }
            }
            steps {
                echo 'expression held'
            }
        }
        stage('Groovy truth') {
            when {
                expression { '' }
            }
            steps {
                echo 'empty string is true'
            }
        }
    }
}
