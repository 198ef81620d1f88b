pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Build matrix') {
            matrix {
                axes {
                    axis {
                        name 'PLATFORM'
                        values 'linux', 'windows'
                    }
                    axis {
                        name 'JDK'
                        values '17', '21'
                    }
                }
                stages {
                    stage('Build') {
                        steps {
                            echo "build ${PLATFORM} jdk ${env.JDK}"
                        }
                    }
                }
            }
        }
    }
}
