//! The project-file rules: what is refused (and left byte-for-byte unchanged), locking, durability.

use std::path::Path;

use zukunftskommune::api::FileCommand;
use zukunftskommune::{dispatch, Command, ErrorCode, Reply, Session};

use crate::common::*;

fn open_err(path: &Path) -> zukunftskommune::ApiError {
    let mut s = Session::new();
    match dispatch(
        &mut s,
        Command::File(FileCommand::Open {
            path: path.display().to_string(),
        }),
    ) {
        Ok(_) => panic!("{} was accepted", path.display()),
        Err(e) => e,
    }
}

/// Opens `path`, expects `code`, and checks that the bytes did not change and no side file appeared.
fn assert_refused(path: &Path, code: ErrorCode, needle: &str) {
    let before = std::fs::read(path).expect("read");
    let dir_before = list_dir(path.parent().unwrap());
    let e = open_err(path);
    assert_eq!(e.code, code, "message was: {}", e.message);
    assert!(
        e.message.contains(needle),
        "message „{}“ lacks „{needle}“",
        e.message
    );
    assert_eq!(
        std::fs::read(path).expect("read"),
        before,
        "refused file was modified"
    );
    assert_eq!(
        list_dir(path.parent().unwrap()),
        dir_before,
        "a side file was left behind"
    );
    // The CLI's check says the same, with a distinct exit code, and changes nothing either.
    let out = std::process::Command::new(crate::common::zukunft_bin())
        .args(["check", &path.display().to_string()])
        .output()
        .expect("run cli");
    assert_eq!(out.status.code(), Some(code.exit_code()));
    assert!(String::from_utf8_lossy(&out.stderr).contains(needle));
    assert_eq!(std::fs::read(path).expect("read"), before);
}

fn list_dir(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn empty_file_is_refused() {
    let dir = temp();
    let p = dir.path().join("leer.zukunft");
    std::fs::write(&p, b"").unwrap();
    assert_refused(&p, ErrorCode::FileEmpty, "ist leer");
}

#[test]
fn non_sqlite_file_is_refused() {
    let dir = temp();
    let p = dir.path().join("brief.zukunft");
    std::fs::write(
        &p,
        "Sehr geehrte Damen und Herren, anbei die Strategie.\n".repeat(300),
    )
    .unwrap();
    assert_refused(
        &p,
        ErrorCode::NotSqlite,
        "keine Zukunftskommune-Projektdatei",
    );
}

#[test]
fn sqlite_file_of_another_application_is_refused() {
    let dir = temp();
    let p = dir.path().join("fremd.zukunft");
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch("CREATE TABLE kunden (name TEXT); INSERT INTO kunden VALUES ('x');")
            .unwrap();
    }
    assert_refused(&p, ErrorCode::ForeignFile, "anderen Programms");
}

#[test]
fn file_from_a_newer_schema_is_refused() {
    let dir = temp();
    let (s, p) = new_project(dir.path(), "Neu");
    drop(s);
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    assert_refused(&p, ErrorCode::FileTooNew, "neueren Version");
}

#[test]
fn truncated_file_is_refused() {
    let dir = temp();
    let full = demo(dir.path());
    let bytes = std::fs::read(&full).unwrap();
    let p = dir.path().join("abgeschnitten.zukunft");
    std::fs::write(&p, &bytes[..bytes.len() / 2]).unwrap();
    assert_refused(&p, ErrorCode::Corrupt, "abgeschnitten");
}

#[test]
fn corrupt_file_is_refused() {
    let dir = temp();
    let full = demo(dir.path());
    let mut bytes = std::fs::read(&full).unwrap();
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    // Scribble over the b-tree pages after the schema page.
    for b in &mut bytes[page..page * 6] {
        *b = 0xA5;
    }
    let p = dir.path().join("kaputt.zukunft");
    std::fs::write(&p, &bytes).unwrap();
    assert_refused(&p, ErrorCode::Corrupt, "beschädigt");
}

/// An index that contradicts its table (as a bit flip can leave it) passed `quick_check` and
/// failed later with an internal error; `integrity_check` refuses it at opening, unchanged.
#[test]
fn a_file_whose_index_contradicts_its_table_is_refused() {
    let dir = temp();
    let full = demo(dir.path());
    let p = dir.path().join("index-kaputt.zukunft");
    std::fs::copy(&full, &p).unwrap();
    // Declare the index over another column than the one its entries were built from.
    let out = std::process::Command::new("sqlite3")
        .arg(&p)
        .arg(
            "PRAGMA writable_schema=ON; UPDATE sqlite_master SET sql = \
             'CREATE INDEX journal_by_change ON journal (entity_id)' \
             WHERE name = 'journal_by_change';",
        )
        .output()
        .expect("sqlite3 (make test installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_refused(&p, ErrorCode::Corrupt, "beschädigt");
}

#[test]
fn missing_file_gets_a_message() {
    let dir = temp();
    let e = open_err(&dir.path().join("gibtsnicht.zukunft"));
    assert_eq!(e.code, ErrorCode::FileMissing);
    assert!(
        !dir.path().join("gibtsnicht.zukunft").exists(),
        "open must not create a file"
    );
}

#[test]
fn a_second_instance_is_told_the_file_is_open() {
    let dir = temp();
    let (mut first, p) = new_project(dir.path(), "Offen");
    let e = open_err(&p);
    assert_eq!(e.code, ErrorCode::AlreadyOpen);
    assert!(e.message.contains("bereits"), "{}", e.message);
    // The CLI (another process) is refused too.
    let out = std::process::Command::new(crate::common::zukunft_bin())
        .args(["info", &p.display().to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(ErrorCode::AlreadyOpen.exit_code()));
    // The first session keeps working; after closing, the file opens again.
    assert_eq!(info(&mut first).municipality, "Offen");
    call(&mut first, Command::File(FileCommand::Close));
    let mut again = open(&p);
    assert_eq!(info(&mut again).municipality, "Offen");
}

#[test]
fn create_refuses_to_overwrite_and_invalid_input_leaves_no_file() {
    let dir = temp();
    let (s, p) = new_project(dir.path(), "Da");
    drop(s);
    let before = std::fs::read(&p).unwrap();
    let mut s = Session::new();
    let e = call_err(
        &mut s,
        Command::File(FileCommand::Create {
            path: p.display().to_string(),
            project: Default::default(),
            catalog_dir: None,
        }),
    );
    assert_eq!(e.code, ErrorCode::FileExists);
    assert_eq!(std::fs::read(&p).unwrap(), before);
    let bad = dir.path().join("ohne-name.zukunft");
    let e = call_err(
        &mut s,
        Command::File(FileCommand::Create {
            path: bad.display().to_string(),
            project: Default::default(),
            catalog_dir: None,
        }),
    );
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(!bad.exists());
}

#[test]
fn file_uses_rollback_journal_and_leaves_no_side_files_after_close() {
    let dir = temp();
    let (mut s, p) = new_project(dir.path(), "Sauber");
    call(
        &mut s,
        Command::Goals(zukunftskommune::api::GoalsCommand::SaveGoal(
            zukunftskommune::model::Goal {
                title: "Ziel".into(),
                ..Default::default()
            }
            .into(),
        )),
    );
    call(&mut s, Command::File(FileCommand::Close));
    assert_eq!(list_dir(dir.path()), vec!["Sauber.zukunft".to_string()]);
    let c = rusqlite::Connection::open(&p).unwrap();
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    let app: i32 = c
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, zukunftskommune::store::APPLICATION_ID);
}

/// A full disk: edits are refused in German with the I/O code (exit 20), the file stays sound
/// with every saved edit, no temporary file is left. Needs a small tmpfs (root); skipped
/// with a message where mounting is not allowed.
#[test]
fn a_full_disk_refuses_edits_in_german_and_keeps_the_file() {
    let dir = temp();
    let mnt = dir.path().join("klein");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1200k", "tmpfs"])
        .arg(&mnt)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !mounted {
        eprintln!("übersprungen: kein kleines tmpfs einhängbar (nur als root)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(&mnt);
    let (mut s, path) = new_project(&mnt, "Voll");
    let mut saved = Vec::new();
    let mut refused = None;
    for i in 0..400 {
        let title = format!("Ziel {i}");
        let result = dispatch(
            &mut s,
            Command::Goals(zukunftskommune::api::GoalsCommand::SaveGoal(
                zukunftskommune::model::Goal {
                    title: title.clone(),
                    description: "Platz ".repeat(3000),
                    ..Default::default()
                }
                .into(),
            )),
        );
        match result {
            Ok(_) => saved.push(title),
            Err(e) => {
                refused = Some(e);
                break;
            }
        }
    }
    let e = refused.expect("the disk filled up");
    assert_eq!(e.code, ErrorCode::Io, "{}", e.message);
    assert!(e.message.contains("Datenträger ist voll"), "{}", e.message);
    drop(s);
    let mut s = open(&path);
    let titles: Vec<String> = goals(&mut s).goals.into_iter().map(|g| g.title).collect();
    for t in &saved {
        assert!(titles.contains(t), "saved edit „{t}“ lost");
    }
    drop(s);
    // The CLI says the same with exit code 20.
    let out = std::process::Command::new(crate::common::zukunft_bin())
        .args(["apply", &path.display().to_string(), "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            // Texts at their length limit (20,000 characters), together more than the disk holds.
            let big = "x".repeat(20_000);
            let line = format!("{{\"goals\":{{\"save_goal\":{{\"title\":\"Groß\",\"description\":\"{big}\"}}}}}}\n");
            c.stdin.take().unwrap().write_all(line.repeat(40).as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(20),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Datenträger ist voll"));
    let check = std::process::Command::new(crate::common::zukunft_bin())
        .args(["check", &path.display().to_string()])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let leftovers: Vec<String> = list_dir(&mnt)
        .into_iter()
        .filter(|n| n.contains(".tmp") || n.ends_with("-journal"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A write-protected file (or one in a write-protected folder) opens for viewing: the overview
/// says so, every edit is refused in German before anything is written, a report is written but
/// not noted, the CLI exits with 20, and "work on a local copy" continues on a writable copy.
#[test]
fn a_write_protected_file_opens_for_viewing_only() {
    use std::os::unix::fs::PermissionsExt;
    use zukunftskommune::api::*;
    use zukunftskommune::model::Goal;
    use zukunftskommune::Reply;
    let dir = temp();
    let shared = dir.path().join("Freigabe");
    std::fs::create_dir_all(&shared).unwrap();
    let path = demo(&shared);
    let set_mode = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    let goal = || {
        Command::Goals(GoalsCommand::SaveGoal(
            Goal {
                title: "Darf nicht gespeichert werden".into(),
                ..Default::default()
            }
            .into(),
        ))
    };
    for (protect, unprotect) in [(&path, 0o644), (&shared, 0o755)] {
        set_mode(protect, if protect == &path { 0o444 } else { 0o555 });
        let before = std::fs::read(&path).unwrap();
        let (mut s, o) = open_with_overview(&path);
        assert!(o.read_only);
        assert!(
            o.notice.unwrap_or_default().contains("schreibgeschützt"),
            "the window says so"
        );
        let e = call_err(&mut s, goal());
        assert_eq!(e.code, ErrorCode::Io);
        assert!(e.message.contains("schreibgeschützt"), "{}", e.message);
        if protect == &path {
            // A report can still be made (elsewhere); it is not noted in the file.
            let pdf = dir.path().join("Ansicht.pdf");
            let Reply::Report(r) = call(
                &mut s,
                Command::Strategy(StrategyCommand::GenerateReport {
                    path: pdf.display().to_string(),
                    watermark: None,
                    version_label: None,
                    template_dir: None,
                    date: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
                }),
            ) else {
                panic!()
            };
            assert!(pdf.exists());
            assert!(
                r.warnings.iter().any(|w| w.contains("schreibgeschützt")),
                "{:?}",
                r.warnings
            );
        }
        drop(s);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "not one byte changed"
        );
        let commands = dir.path().join("befehle.jsonl");
        std::fs::write(
            &commands,
            r#"{"goals":{"save_goal":{"title":"Per Skript"}}}"#,
        )
        .unwrap();
        let out = std::process::Command::new(crate::common::zukunft_bin())
            .args([
                "apply",
                &path.display().to_string(),
                &commands.display().to_string(),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(20));
        assert!(String::from_utf8_lossy(&out.stderr).contains("schreibgeschützt"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        set_mode(protect, unprotect);
    }

    // Viewing, then continuing on a writable copy.
    set_mode(&path, 0o444);
    let mut s = open(&path);
    let copy = dir.path().join("Lokal.zukunft");
    let Reply::Overview(o) = call(
        &mut s,
        Command::Copies(CopiesCommand::WorkOnLocalCopy {
            path: copy.display().to_string(),
        }),
    ) else {
        panic!()
    };
    assert!(!o.read_only);
    call(&mut s, goal());
    set_mode(&path, 0o644);
}

/// Opening another file while a project is open (a second launch hands a file over) replaces
/// the project only once the other file has opened: a refused file leaves the open project as
/// it was, and the open project itself is not opened a second time.
#[test]
fn a_refused_file_leaves_the_open_project_open() {
    use zukunftskommune::api::*;
    use zukunftskommune::Reply;
    let dir = temp();
    let (mut s, path) = new_project(dir.path(), "Bleibtoffen");
    let broken = dir.path().join("Kaputt.zukunft");
    std::fs::write(&broken, b"kein Projekt").unwrap();
    let open_cmd = |p: &Path| {
        Command::File(FileCommand::Open {
            path: p.display().to_string(),
        })
    };
    let e = call_err(&mut s, open_cmd(&broken));
    assert_eq!(e.code, ErrorCode::NotSqlite);
    let Reply::Overview(o) = call(&mut s, Command::Project(ProjectCommand::Overview)) else {
        panic!()
    };
    assert_eq!(o.profile.name, "Bleibtoffen", "still open");
    // The same file again (here by another spelling of its path): the open project answers.
    let again = dir.path().join(".").join("Bleibtoffen.zukunft");
    let Reply::Overview(o) = call(&mut s, open_cmd(&again)) else {
        panic!()
    };
    assert_eq!(o.profile.name, "Bleibtoffen");
    let other = demo(dir.path());
    let Reply::Overview(o) = call(&mut s, open_cmd(&other)) else {
        panic!()
    };
    assert_eq!(o.profile.name, "Musterstadt");
    // The first project is closed (its lock released): another session may open it.
    let mut t = zukunftskommune::Session::new();
    call(&mut t, open_cmd(&path));
}

/// The new-project form is checked field by field before the save dialog, by the profile's rules.
#[test]
fn a_new_project_is_checked_field_by_field() {
    let mut s = Session::new();
    let check = |s: &mut Session, project: serde_json::Value| -> Vec<(String, String)> {
        let json = serde_json::json!({ "file": { "check_new_project": project } }).to_string();
        match run_json(s, &json) {
            Ok(Reply::FieldProblems(p)) => p.into_iter().map(|p| (p.field, p.message)).collect(),
            r => panic!("{r:?}"),
        }
    };
    let base = serde_json::json!({"name": "Beispielheim", "kind": "Gemeinde", "ags": "", "district": "",
        "population": null, "start_date": null, "consultants": ""});
    assert_eq!(check(&mut s, base.clone()), []);
    let mut bad = base.clone();
    bad["name"] = "  ".into();
    bad["ags"] = "0822603".into();
    bad["start_date"] = "1850-01-01".into();
    let problems = check(&mut s, bad);
    let fields: Vec<_> = problems.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["name", "ags", "start_date"]);
    assert!(problems[1].1.contains("8 Ziffern"), "{problems:?}");
    assert!(problems.iter().all(|(_, m)| !m.is_empty()));
    let mut land = base;
    land["ags"] = "99226032".into();
    assert!(check(&mut s, land)[0].1.contains("Länderkennung"));
}
