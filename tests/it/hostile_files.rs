//! A corpus of damaged project files generated from the demo (bit flips, truncations, zeroed
//! pages, a newer schema, a foreign application id): opening never panics, a refused file is
//! never modified and leaves nothing beside it, and a file that is accepted is sound — every
//! view, the export and the report data work on it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use zukunftskommune::api::*;
use zukunftskommune::{dispatch, Command, Session};

use crate::common::*;

/// A small deterministic generator (no dependency, same corpus on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A damaged file: its name, its bytes, and a `-journal` beside it (if any).
type Variant = (String, Vec<u8>, Option<Vec<u8>>);

fn variants(original: &[u8]) -> Vec<Variant> {
    let mut rng = Lcg(0x5a4b_4f4d);
    let mut out = Vec::new();
    for i in 0..150 {
        let mut bytes = original.to_vec();
        let flips = 1 + rng.below(8);
        for _ in 0..flips {
            let at = rng.below(bytes.len());
            bytes[at] ^= 1 << rng.below(8);
        }
        out.push((format!("bit flips {i} ({flips})"), bytes, None));
    }
    for i in 0..30 {
        let len = rng.below(original.len());
        out.push((
            format!("truncated {i} at {len}"),
            original[..len].to_vec(),
            None,
        ));
    }
    let pages = original.len() / 4096;
    for i in 0..40 {
        let mut bytes = original.to_vec();
        let page = rng.below(pages);
        bytes[page * 4096..(page + 1) * 4096].fill(0);
        out.push((format!("zeroed page {page} ({i})"), bytes, None));
    }
    // The header: user_version (offset 60) one newer, application_id (offset 68) foreign.
    let mut newer = original.to_vec();
    newer[63] = newer[63].wrapping_add(1);
    out.push(("newer schema".into(), newer, None));
    let mut foreign = original.to_vec();
    foreign[68..72].copy_from_slice(&0x1234_5678u32.to_be_bytes());
    out.push(("foreign application id".into(), foreign, None));
    // A rollback journal beside the file: SQLite's magic number, then garbage (a crash
    // during a copy by a sync tool, a journal of another file).
    for i in 0..10 {
        let mut journal = vec![0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];
        journal.extend((0..4096 + rng.below(20_000)).map(|_| rng.next() as u8));
        out.push((
            format!("garbage journal {i}"),
            original.to_vec(),
            Some(journal),
        ));
    }
    out
}

/// Everything a consultant does first with an opened file; an error here means the file was
/// accepted although it is not sound.
fn use_fully(s: &mut Session, dir: &Path) -> Result<(), String> {
    let commands = [
        Command::Project(ProjectCommand::Overview),
        Command::Goals(GoalsCommand::Get),
        Command::Check(CheckCommand::Get),
        Command::LifeAreas(LifeAreasCommand::Get),
        Command::Measures(MeasuresCommand::Get),
        Command::Strategy(StrategyCommand::Get),
        Command::History(HistoryCommand::State),
        Command::File(FileCommand::ExportJson),
        Command::Strategy(StrategyCommand::ExportReportSources {
            dir: dir.join("quellen").display().to_string(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
        }),
    ];
    for c in commands {
        dispatch(s, c.clone()).map_err(|e| format!("{c:?}: {}", e.message))?;
    }
    Ok(())
}

#[test]
fn damaged_files_never_panic_are_never_modified_and_open_only_when_sound() {
    let dir = temp();
    let original = std::fs::read(demo(dir.path())).expect("demo");
    let (mut refused, mut accepted) = (0, 0);
    let mut failures = Vec::new();
    for (name, bytes, journal) in variants(&original) {
        let case = temp();
        let path = case.path().join("Kaputt.zukunft");
        std::fs::write(&path, &bytes).expect("write");
        let journal_path = case.path().join("Kaputt.zukunft-journal");
        if let Some(journal) = &journal {
            std::fs::write(&journal_path, journal).expect("write");
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let mut s = Session::new();
            match dispatch(
                &mut s,
                Command::File(FileCommand::Open {
                    path: path.display().to_string(),
                }),
            ) {
                Err(e) => Err(e.message),
                Ok(_) => Ok(use_fully(&mut s, case.path())),
            }
        }));
        match outcome {
            Err(_) => failures.push(format!("{name}: panic")),
            Ok(Err(_message)) => {
                refused += 1;
                if std::fs::read(&path).expect("read") != bytes {
                    failures.push(format!("{name}: refused but modified"));
                }
                let left: Vec<_> = std::fs::read_dir(case.path())
                    .expect("dir")
                    .map(|e| e.expect("entry").file_name())
                    .collect();
                if journal.is_some() && std::fs::read(&journal_path).ok() != journal {
                    failures.push(format!("{name}: refused but its journal was changed"));
                }
                if left.len() != 1 + usize::from(journal.is_some()) {
                    failures.push(format!("{name}: left {left:?}"));
                }
            }
            Ok(Ok(Err(problem))) => {
                failures.push(format!("{name}: accepted but unsound: {problem}"))
            }
            Ok(Ok(Ok(()))) => accepted += 1,
        }
    }
    eprintln!("{refused} refused, {accepted} accepted and sound");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(refused > 50, "the corpus damages files ({refused} refused)");
}
