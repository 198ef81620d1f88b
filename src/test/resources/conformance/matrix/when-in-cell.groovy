pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Matrix') {
            matrix {
                axes {
                    axis {
                        name 'OS'
                        values 'linux', 'mac'
                    }
                }
                when {
                    environment name: 'OS', value: 'linux'
                }
                stages {
                    stage('Package') {
                        steps {
                            echo "package for ${OS}"
                        }
                    }
                }
            }
        }
    }
}
