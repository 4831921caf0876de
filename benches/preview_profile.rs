//! Where the live preview's time goes (run with `cargo bench --bench preview_profile`; prints
//! figures, asserts nothing): the demo's preview after typing in „Einleitung“ (or the chapter
//! `ZK_CHAPTER` names, e.g. `anhang`), warmed up, then
//! one run recorded with Typst's own timing spans, summed per span name (outermost calls only).
//! With `ZK_COLD=1` the first, cold compile of the process is recorded instead; with
//! `ZK_REPORT=1` the whole report (layout and PDF export) instead of the preview;
//! `ZK_PROJECT=file` profiles that project instead of the demo; `ZK_RUNS=1` also lists each
//! layout iteration, page run and the PDF export with its thread, start and duration (ms).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

// The shipped programs' allocator, so the figures are theirs.
#[global_allocator]
static ALLOCATOR: zukunftskommune::Allocator = zukunftskommune::Allocator;

use std::collections::HashMap;
use std::time::Instant;

use zukunftskommune::api::{FileCommand, StrategyCommand};
use zukunftskommune::{dispatch, Command, Reply, Session};

fn main() {
    zukunftskommune::tune_allocator();
    let dir = tempfile::tempdir().unwrap();
    // `ZK_PROJECT`: another project file instead of the demo (e.g. the 1,500 measures of
    // `benches/report.rs` with `ZK_LARGE_PROJECT`).
    let demo = match std::env::var_os("ZK_PROJECT") {
        Some(path) => std::path::PathBuf::from(path),
        None => {
            let demo = dir.path().join("Musterstadt.zukunft");
            zukunftskommune::api::write_demo(&demo).unwrap();
            demo
        }
    };
    let mut s = Session::new();
    let open = Command::File(FileCommand::Open {
        path: demo.display().to_string(),
    });
    dispatch(&mut s, open).unwrap();
    let section = match dispatch(&mut s, Command::Strategy(StrategyCommand::Get)).unwrap() {
        Reply::Strategy(v) => v
            .sections
            .into_iter()
            .find(|x| {
                x.key
                    == std::env::var("ZK_CHAPTER")
                        .as_deref()
                        .unwrap_or("einleitung")
            })
            .unwrap(),
        r => panic!("{r:?}"),
    };
    let mut typed = |run: usize| {
        let start = Instant::now();
        let preview = StrategyCommand::Preview(zukunftskommune::api::PreviewRequest {
            section: Some(section.id),
            body: Some(format!("{} Getippt {run}.", section.body)),
            page: None,
            pages: Some(2),
            template_dir: None,
            date: None,
        });
        dispatch(&mut s, Command::Strategy(preview)).unwrap();
        start.elapsed()
    };
    // `ZK_COLD=1`: the first compile of the process, as `zukunft report` has it.
    let cold = std::env::var_os("ZK_COLD").is_some();
    if !cold {
        for run in 0..3 {
            typed(run);
        }
    }
    // `ZK_REPORT=1`: the whole report (layout and PDF export) instead of a preview.
    let report = std::env::var_os("ZK_REPORT").is_some();
    let pdf = dir.path().join("Bericht.pdf");
    typst_timing::enable();
    let took = if report {
        let start = Instant::now();
        let generate = StrategyCommand::GenerateReport {
            path: pdf.display().to_string(),
            watermark: None,
            version_label: None,
            template_dir: None,
            date: Some(chrono::Local::now().date_naive()),
        };
        dispatch(&mut s, Command::Strategy(generate)).unwrap();
        start.elapsed()
    } else {
        typed(3)
    };
    typst_timing::disable();
    let mut trace = Vec::new();
    typst_timing::export_json(&mut trace, |_| (String::new(), 0)).unwrap();
    let events: Vec<serde_json::Value> = serde_json::from_slice(&trace).unwrap();
    let mut open: HashMap<u64, Vec<(String, f64)>> = HashMap::new();
    let mut total: HashMap<String, (f64, usize)> = HashMap::new();
    for e in &events {
        let (name, ts) = (
            e["name"].as_str().unwrap().to_string(),
            e["ts"].as_f64().unwrap(),
        );
        let stack = open.entry(e["tid"].as_u64().unwrap()).or_default();
        match e["ph"].as_str() {
            Some("B") => stack.push((name, ts)),
            Some("E") => {
                let (name, begin) = stack.pop().unwrap();
                if std::env::var_os("ZK_RUNS").is_some()
                    && (name == "page run" || name.starts_with("iter") || name == "pdf")
                {
                    println!(
                        "RUN {name} tid={} start={:.1} dur={:.1}",
                        e["tid"],
                        begin / 1000.0,
                        (ts - begin) / 1000.0
                    );
                }
                if !stack.iter().any(|(n, _)| *n == name) {
                    let t = total.entry(name).or_default();
                    t.0 += ts - begin;
                    t.1 += 1;
                }
            }
            _ => {}
        }
    }
    let mut spans: Vec<_> = total.into_iter().collect();
    spans.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0));
    println!(
        "{} der Demo: {:.0} ms; Typst-Spannen (ms, Aufrufe):",
        if report {
            "Bericht"
        } else {
            "Vorschau nach einer Änderung"
        },
        took.as_secs_f64() * 1000.0
    );
    for (name, (us, calls)) in spans.into_iter().take(25) {
        println!("  {:8.1}  {calls:6}  {name}", us / 1000.0);
    }
}
