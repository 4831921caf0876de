//! Schema upgrades: a committed file of schema 1 opens, is backed up first, and keeps its data.

use std::path::{Path, PathBuf};

use zukunftskommune::api::*;
use zukunftskommune::store::{ProjectFile, SCHEMA_VERSION};
use zukunftskommune::{Command, Reply, Session};

use crate::common::*;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1.zukunft")
}

#[test]
fn schema_1_file_is_backed_up_and_migrated() {
    let original = std::fs::read(fixture()).expect("fixture v1.zukunft");
    let dir = temp();
    let path = dir.path().join("Altdorf.zukunft");
    std::fs::write(&path, &original).unwrap();

    let mut s = Session::new();
    let Reply::Overview(o) = call(
        &mut s,
        Command::File(FileCommand::Open {
            path: path.display().to_string(),
        }),
    ) else {
        panic!()
    };
    let notice = o.notice.expect("a notice about the update");
    assert!(
        notice.contains(&format!("Format 1 auf Format {SCHEMA_VERSION}")),
        "{notice}"
    );
    assert_eq!(o.profile.name, "Altdorf");

    let backups: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("vor-Update-v1"))
        .collect();
    assert_eq!(backups.len(), 1, "exactly one backup beside the file");
    assert_eq!(
        std::fs::read(&backups[0]).unwrap(),
        original,
        "backup is the untouched v1 file"
    );

    let i = info(&mut s);
    assert_eq!(i.schema_version, SCHEMA_VERSION);
    assert_eq!(i.goals, 1);
    // The journal written by schema 1 still drives undo.
    let Reply::Changed(c) = call(&mut s, Command::History(HistoryCommand::Undo)) else {
        panic!()
    };
    assert_eq!(c.label, "Ziel angelegt");
    assert_eq!(info(&mut s).goals, 0);
    // New changes record their author, the column schema 2 added.
    call(&mut s, Command::History(HistoryCommand::Redo));
    drop(s);
    let mut s = open(&path);
    assert_eq!(info(&mut s).goals, 1);
}

#[test]
fn a_copy_of_an_old_file_merges_with_its_migrated_original() {
    // Two consultants got the same schema-1 file; one opened it (migrated to the current schema)
    // and added a goal, the other sends the untouched copy back.
    let original = std::fs::read(fixture()).expect("fixture v1.zukunft");
    let dir = temp();
    let mine = dir.path().join("Altdorf.zukunft");
    let theirs = dir.path().join("Altdorf_Kollege.zukunft");
    std::fs::write(&mine, &original).unwrap();
    std::fs::write(&theirs, &original).unwrap();
    let mut s = open(&mine);
    let Reply::MergePlan(plan) = call(
        &mut s,
        Command::Copies(CopiesCommand::MergePreview {
            path: theirs.display().to_string(),
            prefer: zukunftskommune::api::Prefer::Newer,
        }),
    ) else {
        panic!()
    };
    assert!(
        plan.from_theirs.is_empty() && plan.conflicts.is_empty(),
        "{plan:?}"
    );
    assert!(plan.identical >= 3);
    assert_eq!(
        std::fs::read(&theirs).unwrap(),
        original,
        "the old copy is only read"
    );
}

/// Writes `tests/fixtures/v1.zukunft` the way schema 1 stored data. Run once with
/// `cargo test --test it -- --ignored make_v1_fixture`; the file is committed.
#[test]
#[ignore]
fn make_v1_fixture() {
    let path = fixture();
    let _ = std::fs::remove_file(&path);
    drop(ProjectFile::create_with_schema(&path, 1).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    let t = "2026-03-02T09:15:00.000Z";
    c.execute_batch(&format!(
        "INSERT INTO meta VALUES ('catalog_version', '2026.1');
         INSERT INTO profile VALUES ('00000000-0000-0000-0000-000000000001',
           '{{\"id\":\"00000000-0000-0000-0000-000000000001\",\"name\":\"Altdorf\",\"kind\":\"Gemeinde\",\"ags\":\"08999001\",\"population\":3100}}', '{t}', '{t}', 0);
         INSERT INTO report_settings VALUES ('00000000-0000-0000-0000-000000000002',
           '{{\"id\":\"00000000-0000-0000-0000-000000000002\",\"title\":\"Digitalisierungsstrategie\"}}', '{t}', '{t}', 0);
         INSERT INTO goal VALUES ('0191f0a0-0000-7000-8000-000000000001',
           '{{\"id\":\"0191f0a0-0000-7000-8000-000000000001\",\"title\":\"Rathaus online\"}}', '{t}', '{t}', 0);
         INSERT INTO change_set (id, label, at, state) VALUES (1, 'Ziel angelegt', '{t}', 'done');
         INSERT INTO journal (change_id, kind, entity_id, before, after) VALUES (1, 'goal',
           '0191f0a0-0000-7000-8000-000000000001', NULL,
           '{{\"body\":{{\"id\":\"0191f0a0-0000-7000-8000-000000000001\",\"title\":\"Rathaus online\"}},\"deleted\":false}}');"
    ))
    .unwrap();
}
