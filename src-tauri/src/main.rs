//! The desktop app's entry point; everything else is in `lib.rs`.

// Hide the console window of release builds on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[global_allocator]
static ALLOCATOR: zukunftskommune::Allocator = zukunftskommune::Allocator;

fn main() {
    zukunftskommune::tune_allocator();
    zukunftskommune_desktop::run();
}
