pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Build one') {
            when {
                equals expected: 1, actual: currentBuild.number
            }
            steps {
                echo 'first build'
            }
        }
        stage('Not two') {
            when {
                equals expected: 2, actual: currentBuild.number
            }
            steps {
                echo 'second build'
            }
        }
    }
}
