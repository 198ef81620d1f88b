pipeline {
    agent any
    options { skipDefaultCheckout() }
    parameters {
        string(name: 'TARGET', defaultValue: 'staging', description: 'where to deploy')
        text(name: 'NOTES', defaultValue: 'line one\nline two', description: 'release notes')
        booleanParam(name: 'DRY_RUN', defaultValue: true, description: 'plan only')
        choice(name: 'REGION', choices: ['westeurope', 'northeurope'], description: 'Azure region')
        password(name: 'API_KEY', defaultValue: 'not-a-real-key', description: 'service key')
    }
    stages {
        stage('Show') {
            steps {
                echo "target=${params.TARGET} dry=${params.DRY_RUN} region=${params.REGION}"
                echo "dry is a ${params.DRY_RUN.getClass().getSimpleName()}"
                echo "notes has ${params.NOTES.readLines().size()} lines"
                sh 'echo "env target $TARGET region $REGION"'
            }
        }
    }
}
