pipeline {
    agent any
    options { skipDefaultCheckout() }
    stages {
        stage('Find') {
            steps {
                script {
                    def scmVars = git url: 'https://bot:ghp_secret123@git.example.test/shop.git', branch: 'main'
                    echo "scm vars: ${scmVars instanceof Map}"
                }
                writeFile file: 'out/app.jar', text: 'jar'
                writeFile file: 'out/lib/dep.jar', text: 'dependency'
                writeFile file: 'out/notes.txt', text: 'n'
                writeFile file: 'out/.git/hidden.jar', text: 'version control, excluded by default'
                writeFile file: 'release.properties', text: 'version=1.4.2\nchannel=stable\n'
                script {
                    def jars = findFiles(glob: 'out/**/*.jar', excludes: 'out/lib/**')
                    echo "jars: ${jars.length} ${jars[0]} ${jars[0].name} ${jars[0].length} ${jars[0].directory}"
                    echo "top: ${findFiles().collect { it.name }.join(',')}"
                    def props = readProperties(file: 'release.properties', defaults: [channel: 'beta', owner: 'team'])
                    echo "release ${props.version} on ${props.channel} by ${props.owner}"
                }
            }
        }
    }
}
