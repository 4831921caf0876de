//! Benchmark of the strategy report (run with `make bench`; prints figures, asserts nothing):
//! the demo report and a 1,500-measure report – time of the first (cold) and of repeated runs,
//! pages, bytes; and the same two strategies as Word documents (`project.export` docx). It also
//! writes the
//! 1,500-measure report's template, data, charts and fonts to `$ZK_REPORT_SOURCES` (if set) so
//! that `scripts/bench-report.sh` can compile the same input with the `typst` command line.

// Benchmarks and tests may stop loudly; the core's lints (Cargo.toml) are for shipped code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod support;

// The shipped programs' allocator, so the figures are theirs.
#[global_allocator]
static ALLOCATOR: zukunftskommune::Allocator = zukunftskommune::Allocator;

use std::path::Path;
use std::time::{Duration, Instant};

use zukunftskommune::api::{ExportFormat, FileCommand, ProjectCommand, StrategyCommand};
use zukunftskommune::{dispatch, Command, Reply, Session};

const RUNS: usize = 5;

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

/// A session with `project` open.
fn opened(project: &Path) -> Result<Session, String> {
    let mut s = Session::new();
    dispatch(
        &mut s,
        Command::File(FileCommand::Open {
            path: project.display().to_string(),
        }),
    )
    .map_err(|e| e.message)?;
    Ok(s)
}

fn measure(label: &str, project: &Path, out: &Path) -> Result<(), String> {
    let mut s = opened(project)?;
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let reply = dispatch(
            &mut s,
            Command::Strategy(StrategyCommand::GenerateReport {
                path: out.display().to_string(),
                watermark: None,
                version_label: None,
                template_dir: None,
                date: Some(chrono::Local::now().date_naive()),
            }),
        )
        .map_err(|e| e.message)?;
        times.push(start.elapsed());
        last = Some(reply);
    }
    if let Some(Reply::Report(r)) = last {
        // The first run is cold, as every run of the `typst` command line is; later runs in the
        // same process reuse Typst's memoised layout (the report module keeps it for a few runs).
        let first = times.remove(0);
        println!(
            "{label}: erster Lauf {:.0} ms, Wiederholung Median {:.0} ms aus {} Läufen, {} Seiten, {} KB",
            first.as_secs_f64() * 1000.0,
            median(times),
            RUNS - 1,
            r.pages,
            r.bytes / 1024
        );
    }
    Ok(())
}

/// The live preview after typing in one chapter: from the command to the SVG pages of that
/// chapter (the first run cold, then warm with a different text each time, as when typing).
fn measure_preview(label: &str, project: &Path) -> Result<(), String> {
    let mut s = opened(project)?;
    let section =
        match dispatch(&mut s, Command::Strategy(StrategyCommand::Get)).map_err(|e| e.message)? {
            Reply::Strategy(v) => v.sections.into_iter().find(|x| x.key == "einleitung"),
            _ => None,
        }
        .ok_or("kein Kapitel „Einleitung“")?;
    let mut times = Vec::new();
    for run in 0..=RUNS {
        let start = Instant::now();
        dispatch(
            &mut s,
            Command::Strategy(StrategyCommand::Preview(
                zukunftskommune::api::PreviewRequest {
                    section: Some(section.id),
                    body: Some(format!("{} Getippt {run}.", section.body)),
                    page: None,
                    pages: Some(2),
                    template_dir: None,
                    date: Some(chrono::Local::now().date_naive()),
                },
            )),
        )
        .map_err(|e| e.message)?;
        times.push(start.elapsed());
    }
    let first = times.remove(0);
    println!(
        "Vorschau {label} nach einer Änderung: erster Lauf {:.0} ms, danach Median {:.0} ms aus {RUNS} Läufen",
        first.as_secs_f64() * 1000.0,
        median(times)
    );
    Ok(())
}

/// The strategy as a Word document: time of each export (charts rasterised, XML written), bytes.
fn measure_word(label: &str, project: &Path, out: &Path) -> Result<(), String> {
    let mut s = opened(project)?;
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        dispatch(
            &mut s,
            Command::Project(ProjectCommand::Export {
                format: ExportFormat::Docx,
                path: out.display().to_string(),
            }),
        )
        .map_err(|e| e.message)?;
        times.push(start.elapsed());
    }
    let bytes = std::fs::metadata(out).map_err(|e| e.to_string())?.len();
    println!(
        "{label} als Word: Median {:.0} ms aus {RUNS} Läufen, {} KB",
        median(times),
        bytes / 1024
    );
    Ok(())
}

fn main() -> Result<(), String> {
    zukunftskommune::tune_allocator();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let demo = dir.path().join("Musterstadt.zukunft");
    zukunftskommune::api::write_demo(&demo).map_err(|e| e.to_string())?;
    measure("Demo-Bericht", &demo, &dir.path().join("demo.pdf"))?;
    let large = dir.path().join("Gross.zukunft");
    support::build(&large)?;
    // The reports first: their first runs are the process's first compiles of each project.
    measure(
        "Bericht mit 1.500 Maßnahmen",
        &large,
        &dir.path().join("gross.pdf"),
    )?;
    measure_word("Demo", &demo, &dir.path().join("demo.docx"))?;
    measure_preview("Demo", &demo)?;
    measure_word("1.500 Maßnahmen", &large, &dir.path().join("gross.docx"))?;
    measure_preview("1.500 Maßnahmen", &large)?;
    // `ZK_LARGE_PROJECT`: the 1,500-measure project also at this path, for measuring
    // `zukunft report` as a whole process (scripts/bench-report.sh).
    if let Ok(target) = std::env::var("ZK_LARGE_PROJECT") {
        support::build(Path::new(&target))?;
    }
    if let Ok(target) = std::env::var("ZK_REPORT_SOURCES") {
        let mut s = opened(&large)?;
        dispatch(
            &mut s,
            Command::Strategy(StrategyCommand::ExportReportSources {
                dir: target.clone(),
                date: Some(chrono::Local::now().date_naive()),
            }),
        )
        .map_err(|e| e.message)?;
        println!("Quellen für den typst-Vergleich: {target}");
    }
    Ok(())
}
