//! The `provctl` binary: everything lives in the library so tests reach it.
fn main() {
    std::process::exit(provctl::main_exit_code());
}
