pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Greet') {
            steps {
                greet 'nobody'
            }
        }
    }
}
