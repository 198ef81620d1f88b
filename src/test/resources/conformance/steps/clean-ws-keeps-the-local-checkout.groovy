pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Build') {
            steps {
                writeFile file: 'built.txt', text: 'x'
            }
        }
    }
    post {
        always {
            cleanWs(deleteDirs: true, notFailBuild: true)
            echo "still there: ${fileExists('built.txt')}"
        }
    }
}
