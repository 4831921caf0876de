//! The `zukunft` command line.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::*;

fn zukunft(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zukunft"))
        .args(args)
        .env("ZUKUNFT_AUTHOR", "Test")
        .output()
        .expect("run zukunft")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn new_info_and_check() {
    let dir = temp();
    let p = dir.path().join("Beispielheim.zukunft");
    let ps = p.display().to_string();
    let out = zukunft(&[
        "new",
        &ps,
        "--name",
        "Beispielheim",
        "--ags",
        "08111000",
        "--population",
        "8300",
        "--start",
        "2027-01-11",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = zukunft(&["info", &ps, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for key in [
        "municipality",
        "check_dimensions",
        "check_items",
        "check_answered",
        "ozg_services",
        "life_areas",
        "life_areas_selected",
        "ideas",
        "measures",
        "measures_complete",
        "stakeholders",
        "timeline_entries",
        "sections",
        "progress",
    ] {
        assert!(v.get(key).is_some(), "info --json lacks {key}");
    }
    assert_eq!(v["municipality"], "Beispielheim");
    assert_eq!(v["timeline_entries"], 15);
    assert_eq!(v["progress"].as_array().unwrap().len(), 5);
    let out = zukunft(&["info", &ps]);
    assert!(text(&out.stdout).contains("Baustein 1"));
    let out = zukunft(&["check", &ps]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("In Ordnung"));
}

#[test]
fn new_refuses_bad_input_with_german_messages() {
    let dir = temp();
    let p = dir.path().join("x.zukunft").display().to_string();
    let out = zukunft(&["new", &p, "--name", "X", "--ags", "123"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("8 Ziffern"),
        "{}",
        text(&out.stderr)
    );
    let out = zukunft(&["new", &p, "--name", "X", "--start", "31.12.2027"]);
    assert!(text(&out.stderr).contains("JJJJ-MM-TT"));
    assert!(!dir.path().join("x.zukunft").exists());
}

#[test]
fn demo_and_json_round_trip_through_the_cli() {
    let dir = temp();
    let p = dir.path().join("Musterstadt.zukunft").display().to_string();
    assert!(zukunft(&["demo", &p]).status.success());
    let out = zukunft(&["info", &p, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["check_answered"], v["check_items"]);
    assert!(v["measures_complete"].as_u64().unwrap() >= 10);
    let first = zukunft(&["export-json", &p]);
    assert!(first.status.success());
    let j = dir.path().join("export.json");
    std::fs::write(&j, &first.stdout).unwrap();
    let copy = dir.path().join("Kopie.zukunft").display().to_string();
    let out = zukunft(&["import-json", &j.display().to_string(), &copy]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let second = zukunft(&["export-json", &copy]);
    assert!(
        first.stdout == second.stdout,
        "export → import → export differs"
    );
}

#[test]
fn apply_stops_at_the_first_bad_line_and_keeps_the_earlier_ones() {
    let dir = temp();
    let p = dir.path().join("Apply.zukunft");
    let ps = p.display().to_string();
    assert!(zukunft(&["new", &ps, "--name", "Apply"]).status.success());
    let lines = [
        r#"{"goals":{"save_goal":{"title":"Erstes Ziel"}}}"#,
        r#"{"goals":{"save_goal":{"title":""}}}"#,
        r#"{"goals":{"save_goal":{"title":"Drittes Ziel"}}}"#,
    ];
    let mut child = Command::new(env!("CARGO_BIN_EXE_zukunft"))
        .args(["apply", &ps, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(lines.join("\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Zeile 2") && stderr.contains("darf nicht leer"),
        "{stderr}"
    );
    let printed: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each result is JSON"))
        .collect();
    assert_eq!(printed.len(), 1);
    assert_eq!(printed[0]["kind"], "goals");
    let mut s = open(&p);
    let titles: Vec<String> = goals(&mut s).goals.into_iter().map(|g| g.title).collect();
    assert_eq!(titles, vec!["Erstes Ziel"]);

    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"raumschiff\":{}}\n").unwrap();
    drop(s);
    let out = zukunft(&["apply", &ps, &bad.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("Unbekannter oder fehlerhafter Befehl"));
}
