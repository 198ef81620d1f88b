pipeline {
    agent any
    stages {
        stage('Build') {
            when { branch 'main' } steps { echo 'on main' }
        }
    }
}
