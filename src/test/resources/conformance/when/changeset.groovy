pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Frontend') {
            when {
                changeset 'web/**'
            }
            steps {
                echo 'frontend changed'
            }
        }
        stage('Docs') {
            when {
                changeset '**/*.md'
            }
            steps {
                echo 'docs changed'
            }
        }
        stage('Backend') {
            when {
                changeset 'api/**/*.java'
            }
            steps {
                echo 'backend changed'
            }
        }
    }
}
