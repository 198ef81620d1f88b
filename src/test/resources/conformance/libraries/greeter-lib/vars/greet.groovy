def call(String name) {
    echo "Hello, ${name}!"
}
