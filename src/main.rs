//! The `unspin` binary: everything happens in the library's [`unspin::cli::run`]; this only
//! turns its code into the process exit status.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(unspin::cli::run(std::env::args_os()))
}
