pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Deploy') {
            input {
                message 'Deploy to which environment?'
                ok 'Deploy'
                parameters {
                    choice(name: 'TARGET', choices: ['staging', 'production'])
                }
            }
            steps {
                echo "deploying to ${TARGET}"
            }
        }
    }
}
