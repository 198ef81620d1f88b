@Library('greeter') _

pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Greet') {
            steps {
                greet 'annotated'
            }
        }
    }
}
