//! Benchmark of merging two copies (run with `make bench`; prints figures, asserts nothing).
//!
//! Two copies of a 1,500-measure project, 10 % of the measures diverged: 50 edited only here,
//! 50 only there, 25 edited on both sides in different fields (combined), 25 in the same field
//! (conflicts). Reports the median of the preview (reading the other copy, planning) and of the
//! merge itself (one journaled change set), each on a fresh copy, and as a ratio the JSON export
//! of the same project – another pass over every row.

// Benchmarks and tests may stop loudly; the core's lints (Cargo.toml) are for shipped code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::path::Path;
use std::time::{Duration, Instant};

mod support;

use support::{build, MEASURES};
use zukunftskommune::api::Prefer;
use zukunftskommune::api::{CopiesCommand, FileCommand};
use zukunftskommune::model::Measure;
use zukunftskommune::store::ProjectFile;
use zukunftskommune::{dispatch, Command, Reply, Session};

const RUNS: usize = 7;

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

/// Edits `field` of the measures at `range` in one change set per ten measures.
fn edit(path: &Path, range: std::ops::Range<usize>, field: &str, text: &str) -> Result<(), String> {
    let (mut file, _) = ProjectFile::open(path).map_err(|e| e.to_string())?;
    let measures = file.list::<Measure>().map_err(|e| e.to_string())?;
    for chunk in measures[range].chunks(10) {
        file.change("Benchmark-Änderung", |w| {
            for m in chunk {
                let mut m = m.clone();
                match field {
                    "title" => m.title = format!("{} {text}", m.title),
                    _ => m.goal = format!("{} {text}", m.goal),
                }
                w.put(m)?;
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn call(s: &mut Session, c: Command) -> Result<Reply, String> {
    dispatch(s, c).map_err(|e| e.message)
}

fn open(s: &mut Session, path: &Path) -> Result<(), String> {
    call(
        s,
        Command::File(FileCommand::Open {
            path: path.display().to_string(),
        }),
    )
    .map(|_| ())
}

fn main() -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mine = dir.path().join("Meine.zukunft");
    let theirs = dir.path().join("Andere.zukunft");
    build(&mine)?;
    {
        let (file, _) = ProjectFile::open(&mine).map_err(|e| e.to_string())?;
        file.write_copy(&theirs, false).map_err(|e| e.to_string())?;
    }
    edit(&mine, 0..50, "title", "(hier)")?;
    edit(&theirs, 50..100, "title", "(dort)")?;
    edit(&mine, 100..125, "title", "(hier)")?;
    edit(&theirs, 100..125, "goal", "(dort)")?;
    edit(&mine, 125..150, "title", "(hier, gleiches Feld)")?;
    edit(&theirs, 125..150, "title", "(dort, gleiches Feld)")?;
    let bytes = std::fs::metadata(&mine).map_err(|e| e.to_string())?.len();
    println!(
        "Zwei Kopien mit je {MEASURES} Maßnahmen, 150 (10 %) auseinandergelaufen, {:.1} MB je Datei",
        bytes as f64 / 1e6
    );

    let mut preview = Vec::new();
    let mut apply = Vec::new();
    let mut export = Vec::new();
    let mut summary = String::new();
    for run in 0..RUNS {
        let target = dir.path().join(format!("Lauf{run}.zukunft"));
        std::fs::copy(&mine, &target).map_err(|e| e.to_string())?;
        let mut s = Session::new();
        open(&mut s, &target)?;
        let start = Instant::now();
        let plan = call(
            &mut s,
            Command::Copies(CopiesCommand::MergePreview {
                path: theirs.display().to_string(),
                prefer: Prefer::Newer,
            }),
        )?;
        preview.push(start.elapsed());
        let start = Instant::now();
        let merged = call(
            &mut s,
            Command::Copies(CopiesCommand::Merge {
                path: theirs.display().to_string(),
                prefer: Prefer::Newer,
                choices: Vec::new(),
            }),
        )?;
        apply.push(start.elapsed());
        let start = Instant::now();
        call(&mut s, Command::File(FileCommand::ExportJson))?;
        export.push(start.elapsed());
        if let (Reply::MergePlan(p), Reply::Merged(m)) = (plan, merged) {
            summary = format!(
                "{} übernommen, {} Konflikte, {} nur hier geändert, {} gleich",
                m.from_theirs.len(),
                p.conflicts.len(),
                m.kept_mine,
                m.identical
            );
        }
    }
    println!("Ergebnis: {summary}");
    let (p, a, e) = (median(preview), median(apply), median(export));
    println!("Vorschau (andere Kopie lesen, planen): Median {p:.1} ms aus {RUNS} Läufen");
    println!("Zusammenführen (Plan + eine Änderung schreiben): Median {a:.1} ms");
    println!("JSON-Export derselben Datei: Median {e:.1} ms");
    println!("Verhältnis Zusammenführen / JSON-Export: {:.2}", a / e);
    Ok(())
}
