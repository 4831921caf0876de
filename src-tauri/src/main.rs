//! The desktop app's entry point; everything else is in `lib.rs`.

// Hide the console window of release builds on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    zukunftskommune_desktop::run();
}
