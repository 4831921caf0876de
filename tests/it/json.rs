//! The documented JSON export: export → import → export is byte-identical; bad input is refused.

use zukunftskommune::api::*;
use zukunftskommune::{Command, ErrorCode, Session};

use crate::common::*;

#[test]
fn export_import_export_is_byte_identical() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    let first = export(&mut s);
    let copy = dir.path().join("Kopie.zukunft");
    let mut s2 = Session::new();
    call(
        &mut s2,
        Command::File(FileCommand::ImportJson {
            json: first.clone(),
            path: copy.display().to_string(),
        }),
    );
    let second = export(&mut s2);
    assert!(first == second, "export differs after import");
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(v["format"], "zukunftskommune-projekt");
    assert_eq!(v["meta"]["catalog_version"], "2026.2");
    assert!(v["tables"]["measure"].as_array().unwrap().len() >= 10);
    assert_eq!(
        info(&mut s2).measures_complete,
        info(&mut s).measures_complete
    );
}

#[test]
fn broken_or_foreign_json_is_refused_and_leaves_no_file() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    let good = export(&mut s);
    let bad_level = good.replacen("\"ist\": 2", "\"ist\": 9", 1);
    assert_ne!(bad_level, good);
    let cases = [
        ("kein json".to_string(), "kein Projektexport"),
        (
            good.replace("zukunftskommune-projekt", "etwas-anderes"),
            "Unbekanntes Exportformat",
        ),
        (
            good.replacen("\"goal\"", "\"raumschiff\"", 1),
            "Unbekannte Tabelle",
        ),
        (bad_level, "IST-Wert"),
    ];
    for (n, (json, needle)) in cases.into_iter().enumerate() {
        let target = dir.path().join(format!("import{n}.zukunft"));
        let mut s2 = Session::new();
        let e = call_err(
            &mut s2,
            Command::File(FileCommand::ImportJson {
                json,
                path: target.display().to_string(),
            }),
        );
        assert_eq!(e.code, ErrorCode::Invalid);
        assert!(
            e.message.contains(needle),
            "„{}“ lacks „{needle}“",
            e.message
        );
        assert!(!target.exists(), "a refused import left a file");
    }
}
