//! `vlab`: the native command-line front end (see `vlab help`).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (status, out) = vlab::cli::run_cli(&args, &|path| std::fs::read_to_string(path));
    if status == 0 {
        print!("{out}");
    } else {
        eprint!("{out}");
        if !out.ends_with('\n') {
            eprintln!();
        }
    }
    std::process::exit(status);
}
