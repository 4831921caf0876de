//! Integration tests of the core at its boundaries: `api::dispatch`, the CLI and the file on disk.

// Benchmarks and tests may stop loudly; the core's lints (Cargo.toml) are for shipped code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod catalog;
mod charts;
mod cli;
mod common;
mod copies;
mod crash;
mod dates;
mod exports;
mod file_rules;
mod find;
mod history;
mod hostile_files;
mod implementation;
mod import;
mod json;
mod licences;
mod limits;
mod migration;
mod money;
mod next_steps;
mod partial_save;
mod preview;
pub mod report;
mod room;
mod roundtrip;
mod sent;
mod steckbrief;
mod tidy;
mod worms;
