pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Hotfix') {
            when {
                branch pattern: 'hotfix-\\d+', comparator: 'REGEXP'
            }
            steps {
                echo 'hotfix build'
            }
        }
        stage('Exact') {
            when {
                branch pattern: 'hotfix', comparator: 'EQUALS'
            }
            steps {
                echo 'exact build'
            }
        }
    }
}
