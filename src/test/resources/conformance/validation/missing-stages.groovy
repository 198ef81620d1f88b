pipeline {
    agent any
    post {
        always {
            echo 'never runs'
        }
    }
}
