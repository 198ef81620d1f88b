pipeline {
    agent any
    options { skipDefaultCheckout() }
    parameters {
        password(name: 'DB_PASSWORD', defaultValue: 'changeme')
    }
    stages {
        stage('Use') {
            steps {
                sh '[ ${#DB_PASSWORD} -gt 8 ] && echo password is set'
            }
        }
    }
}
