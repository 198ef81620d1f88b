pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Release') {
            when {
                branch 'production'
            }
            stages {
                stage('Tag') {
                    steps {
                        echo 'tagging'
                    }
                }
                stage('Publish') {
                    steps {
                        echo 'publishing'
                    }
                }
            }
        }
    }
}
