// mimalloc instead of the system allocator: a record's check frees many
// small blocks among the long-lived ones an editor keeps, and glibc's heap
// keeps the pages they leave (the server's memory target is 10× the text).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(casenote::cli::main());
}
