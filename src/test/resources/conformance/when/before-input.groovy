pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Release') {
            when {
                beforeInput true
                branch 'production'
            }
            input {
                message 'Release now?'
            }
            steps {
                echo 'releasing'
            }
        }
    }
}
