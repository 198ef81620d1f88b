pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Tag only') {
            when {
                buildingTag()
            }
            steps {
                echo 'building a tag'
            }
        }
    }
}
