pipeline {
    agent any
    options {
        skipDefaultCheckout()
        timestamps()
    }
    stages {
        stage('Build') {
            steps {
                echo 'stamped line'
            }
        }
    }
}
