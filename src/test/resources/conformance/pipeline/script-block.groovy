pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Compute') {
            steps {
                script {
                    def modules = ['api', 'web']
                    for (m in modules) {
                        echo "module ${m}"
                    }
                    if (modules.size() == 2) {
                        echo 'two modules'
                    }
                }
            }
        }
    }
}
