pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Flaky') {
            options {
                retry(3)
            }
            steps {
                script {
                    int attempt = fileExists('attempts') ? readFile('attempts').trim().toInteger() + 1 : 1
                    writeFile file: 'attempts', text: "${attempt}"
                    if (attempt < 3) {
                        error "attempt ${attempt} failed"
                    }
                    echo "attempt ${attempt} passed"
                }
            }
        }
    }
}
