pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Wait') {
            steps {
                waitUntil(initialRecurrencePeriod: 100) {
                    script {
                        int tries = fileExists('tries') ? readFile('tries').trim().toInteger() + 1 : 1
                        writeFile file: 'tries', text: "${tries}"
                        echo "try ${tries}"
                        return tries >= 3
                    }
                }
                echo 'ready'
            }
        }
    }
}
