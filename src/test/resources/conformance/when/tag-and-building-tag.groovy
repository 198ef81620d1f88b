pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Any tag') {
            when {
                buildingTag()
            }
            steps {
                echo 'building a tag'
            }
        }
        stage('Release tag') {
            when {
                tag 'v*'
            }
            steps {
                echo 'release tag'
            }
        }
        stage('Nightly tag') {
            when {
                tag 'nightly-*'
            }
            steps {
                echo 'nightly tag'
            }
        }
    }
}
