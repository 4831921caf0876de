//! Tauri's hello-world as its template writes it: the anchor of `scripts/bench-start.sh`.

fn main() {
    if let Err(error) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("tauri-hello: {error}");
        std::process::exit(1);
    }
}
