fn main() {
    std::process::exit(dfix::cli::main());
}
