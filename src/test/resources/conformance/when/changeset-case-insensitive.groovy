pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Upper') {
            when {
                changeset 'DOCS/*.TXT'
            }
            steps {
                echo 'docs matched'
            }
        }
        stage('Sensitive') {
            when {
                changeset pattern: 'DOCS/*.TXT', caseSensitive: true
            }
            steps {
                echo 'sensitive matched'
            }
        }
    }
}
