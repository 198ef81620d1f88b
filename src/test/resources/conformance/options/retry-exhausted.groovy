pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Broken') {
            options {
                retry(2)
            }
            steps {
                error 'still broken'
            }
        }
    }
}
