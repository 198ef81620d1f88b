pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('All') {
            when {
                allOf {
                    branch 'main'
                    environment name: 'BRANCH_NAME', value: 'main'
                }
            }
            steps {
                echo 'all held'
            }
        }
        stage('All but one') {
            when {
                allOf {
                    branch 'main'
                    expression { false }
                }
            }
            steps {
                echo 'all but one held'
            }
        }
        stage('Any') {
            when {
                anyOf {
                    branch 'develop'
                    expression { true }
                }
            }
            steps {
                echo 'any held'
            }
        }
        stage('None') {
            when {
                anyOf {
                    branch 'develop'
                    branch 'release/*'
                }
            }
            steps {
                echo 'none held'
            }
        }
    }
}
