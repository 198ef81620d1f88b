pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Test matrix') {
            matrix {
                axes {
                    axis {
                        name 'BROWSER'
                        values 'firefox', 'chrome', 'safari'
                    }
                    axis {
                        name 'OS'
                        values 'linux', 'mac'
                    }
                }
                excludes {
                    exclude {
                        axis {
                            name 'BROWSER'
                            values 'safari'
                        }
                        axis {
                            name 'OS'
                            values 'linux'
                        }
                    }
                    exclude {
                        axis {
                            name 'OS'
                            values 'mac'
                        }
                        axis {
                            name 'BROWSER'
                            notValues 'safari'
                        }
                    }
                }
                stages {
                    stage('Test') {
                        steps {
                            echo "test ${BROWSER} on ${OS}"
                        }
                    }
                }
            }
        }
    }
}
