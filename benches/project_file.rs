//! Benchmark of the project file (run with `make bench`; prints figures, asserts nothing).
//!
//! Builds a project with 1,500 measures, then reports medians of: open + quick_check, one
//! journaled edit (store level and through `dispatch` with the re-rendered view), a bare
//! single-row fsync'd SQLite commit in a copy of the file as the baseline, and the JSON export.
//! Ratios are the meaningful numbers on a shared machine; absolute times are noisy.

// Benchmarks and tests may stop loudly; the core's lints (Cargo.toml) are for shipped code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::time::{Duration, Instant};

mod support;

use support::{build, MEASURES};
use zukunftskommune::api::{FileCommand, MeasuresCommand};
use zukunftskommune::model::Measure;
use zukunftskommune::store::ProjectFile;
use zukunftskommune::{dispatch, Command, Reply, Session};

const RUNS: usize = 21;

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}

fn main() -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join("Benchmark.zukunft");
    let (t_build, r) = time(|| build(&path));
    r?;
    let bytes = std::fs::metadata(&path).map_err(|e| e.to_string())?.len();
    println!(
        "Projekt mit {MEASURES} Maßnahmen angelegt: {:.0} ms, {:.1} MB",
        t_build.as_secs_f64() * 1000.0,
        bytes as f64 / 1e6
    );

    let mut opens = Vec::new();
    for _ in 0..RUNS {
        let (t, r) = time(|| ProjectFile::open(&path));
        r.map_err(|e| e.to_string())?;
        opens.push(t);
    }

    // The baseline: a plain single-row fsync'd SQLite commit in a copy of the same file (same
    // size, same disk, the project file's pragmas), outside any journal of ours.
    let baseline = dir.path().join("Baseline.zukunft");
    std::fs::copy(&path, &baseline).map_err(|e| e.to_string())?;
    let mut plain = rusqlite::Connection::open(&baseline).map_err(|e| e.to_string())?;
    plain
        .execute_batch("PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;")
        .map_err(|e| e.to_string())?;
    let mut bare_commit = |value: &str| -> rusqlite::Result<()> {
        let tx = plain.transaction()?;
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('benchmark', ?1)",
            [value],
        )?;
        tx.commit()
    };

    let (mut file, _) = ProjectFile::open(&path).map_err(|e| e.to_string())?;
    let target = file.list::<Measure>().map_err(|e| e.to_string())?[MEASURES / 2].clone();
    let mut edits = Vec::new();
    let mut bare = Vec::new();
    for i in 0..RUNS {
        // Interleave both kinds so that machine noise hits them alike.
        let m = Measure {
            title: format!("Geänderter Titel {i}"),
            ..target.clone()
        };
        let (t, r) = time(|| file.change("Maßnahme geändert", |w| w.put(m)));
        r.map_err(|e| e.to_string())?;
        edits.push(t);
        let (t, r) = time(|| bare_commit(&i.to_string()));
        r.map_err(|e| e.to_string())?;
        bare.push(t);
    }
    drop(file);

    let mut s = Session::new();
    dispatch(
        &mut s,
        Command::File(FileCommand::Open {
            path: path.display().to_string(),
        }),
    )
    .map_err(|e| e.message)?;
    let mut dispatched = Vec::new();
    for i in 0..RUNS {
        let m = Measure {
            title: format!("Über dispatch geändert {i}"),
            ..target.clone()
        };
        let (t, r) = time(|| {
            dispatch(
                &mut s,
                Command::Measures(MeasuresCommand::SaveMeasure(m.into())),
            )
        });
        r.map_err(|e| e.message)?;
        dispatched.push(t);
    }
    let mut exports = Vec::new();
    let mut export_len = 0;
    for _ in 0..5 {
        let (t, r) = time(|| dispatch(&mut s, Command::File(FileCommand::ExportJson)));
        if let Reply::Json(text) = r.map_err(|e| e.message)? {
            export_len = text.len();
        }
        exports.push(t);
    }

    let (open_ms, edit_ms, bare_ms, dispatch_ms, export_ms) = (
        median(opens),
        median(edits),
        median(bare),
        median(dispatched),
        median(exports),
    );
    println!("Median aus {RUNS} Läufen (Release-Build):");
    println!("  Öffnen + quick_check:                   {open_ms:8.2} ms");
    println!("  eine journalisierte Änderung (store):   {edit_ms:8.2} ms");
    println!("  nackter Ein-Zeilen-Commit mit fsync:     {bare_ms:8.2} ms");
    println!(
        "  Verhältnis Änderung / nackter Commit:   {:8.2}",
        edit_ms / bare_ms
    );
    println!("  Änderung über dispatch inkl. Ansicht:   {dispatch_ms:8.2} ms");
    println!(
        "  export-json ({:.1} MB):                  {export_ms:8.2} ms",
        export_len as f64 / 1e6
    );
    Ok(())
}
