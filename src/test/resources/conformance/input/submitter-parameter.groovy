pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Approve') {
            input {
                message 'Approve the release?'
                submitterParameter 'APPROVER'
            }
            steps {
                echo "approved by ${APPROVER}"
            }
        }
    }
}
