pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Warn') {
            steps {
                unstable 'lint warnings'
            }
            post {
                unstable {
                    echo 'warn stage unstable'
                }
            }
        }
        stage('Clean') {
            steps {
                echo 'clean stage'
            }
            post {
                success {
                    echo 'clean stage success'
                }
                unstable {
                    echo 'clean stage sees the unstable build'
                }
            }
        }
    }
}
