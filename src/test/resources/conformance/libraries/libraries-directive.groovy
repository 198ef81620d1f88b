pipeline {
    agent any
    options { skipDefaultCheckout() }
    libraries {
        lib('greeter')
    }
    stages {
        stage('Greet') {
            steps {
                greet 'team'
            }
        }
    }
}
