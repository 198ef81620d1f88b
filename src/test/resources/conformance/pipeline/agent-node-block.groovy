pipeline {
    agent {
        node {
            label 'build'
            customWorkspace 'shared-ws'
        }
    }
    options { skipDefaultCheckout() }
    stages {
        stage('Build') {
            steps {
                echo 'inside the node block agent'
            }
        }
    }
}
