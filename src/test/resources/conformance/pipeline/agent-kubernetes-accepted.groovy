pipeline {
    agent {
        kubernetes {
            yaml """
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: jnlp
    image: jenkins/inbound-agent
"""
            defaultContainer 'jnlp'
        }
    }
    options { skipDefaultCheckout() }
    stages {
        stage('Build') {
            steps {
                echo 'pod agent'
            }
        }
    }
}
