pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Find') {
            steps {
                git url: 'https://git.example.test/shop.git', branch: 'main'
                writeFile file: 'out/app.jar', text: 'jar'
                writeFile file: 'out/lib/dep.jar', text: 'dependency'
                writeFile file: 'out/notes.txt', text: 'n'
                writeFile file: 'release.properties', text: 'version=1.4.2\nchannel=stable\n'
                script {
                    def jars = findFiles(glob: 'out/**/*.jar', excludes: 'out/lib/**')
                    echo "jars: ${jars.size()} ${jars[0]} ${jars[0].name} ${jars[0].length} ${jars[0].directory}"
                    def props = readProperties(file: 'release.properties', defaults: [channel: 'beta', owner: 'team'])
                    echo "release ${props.version} on ${props.channel} by ${props.owner}"
                }
            }
        }
    }
}
