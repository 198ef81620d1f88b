pipeline {
    agent any
    options { skipDefaultCheckout() }
    parameters {
        string(name: 'TARGET', defaultValue: 'staging')
        booleanParam(name: 'DRY_RUN', defaultValue: true)
        choice(name: 'REGION', choices: ['westeurope', 'northeurope'])
    }
    stages {
        stage('Deploy') {
            when {
                expression { !params.DRY_RUN }
            }
            steps {
                echo "deploying to ${params.TARGET} in ${params.REGION}"
            }
        }
    }
}
