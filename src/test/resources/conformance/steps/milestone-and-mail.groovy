pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Build') {
            steps {
                milestone()
                echo 'built'
                milestone(label: 'built')
                milestone(ordinal: 5)
            }
        }
    }
    post {
        always {
            mail to: 'team@example.com', subject: "build ${currentBuild.currentResult}", body: 'the body stays private'
        }
    }
}
