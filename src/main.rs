fn main() {
    std::process::exit(casenote::cli::main());
}
