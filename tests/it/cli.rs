//! The `zukunft` command line.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::*;

fn zukunft(args: &[&str]) -> std::process::Output {
    Command::new(crate::common::zukunft_bin())
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
    let out = zukunft(&["new", &p, "--name", "X", "--start", "31.02.2027"]);
    assert!(
        text(&out.stderr).contains("TT.MM.JJJJ"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("x.zukunft").exists());
    let out = zukunft(&["new", &p, "--name", "X", "--kind", "Schloss"]);
    assert!(
        text(&out.stderr).contains("Gemeindeverwaltungsverband"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("x.zukunft").exists());
    // The German date form is accepted like in the window, and so are kind and district.
    let out = zukunft(&[
        "new",
        &p,
        "--name",
        "X",
        "--start",
        "13.10.2021",
        "--kind",
        "stadtkreis",
        "--district",
        "Regierungsbezirk Karlsruhe",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let export = zukunft(&["export-json", &p]);
    let v: serde_json::Value = serde_json::from_slice(&export.stdout).expect("json");
    let profile = &v["tables"]["profile"][0]["body"];
    assert_eq!(profile["start_date"], "2021-10-13", "{profile}");
    assert_eq!(profile["kind"], "Stadtkreis");
    assert_eq!(profile["district"], "Regierungsbezirk Karlsruhe");
    std::fs::remove_file(dir.path().join("x.zukunft")).unwrap();
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

/// Runs `zukunft apply <file> - [extra]` with `lines` on stdin.
fn apply(file: &str, lines: &[&str], extra: &[&str]) -> std::process::Output {
    let mut child = Command::new(crate::common::zukunft_bin())
        .args(["apply", file, "-"])
        .args(extra)
        .env("ZUKUNFT_AUTHOR", "Test")
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
    child.wait_with_output().unwrap()
}

#[test]
fn apply_is_all_or_nothing_and_one_undo_step() {
    let dir = temp();
    let p = dir.path().join("Apply.zukunft");
    let ps = p.display().to_string();
    assert!(zukunft(&["new", &ps, "--name", "Apply"]).status.success());
    let before = zukunft(&["export-json", &ps]).stdout;
    let lines = [
        r#"{"goals":{"save_goal":{"title":"Erstes Ziel"}}}"#,
        r#"{"goals":{"save_goal":{"title":""}}}"#,
        r#"{"goals":{"save_goal":{"title":"Drittes Ziel"}}}"#,
    ];
    let out = apply(&ps, &lines, &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Zeile 2")
            && stderr.contains("darf nicht leer")
            && stderr.contains("unverändert"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing is reported as done");
    let after = zukunft(&["export-json", &ps]).stdout;
    assert!(
        before == after,
        "a failing line leaves the file's content unchanged"
    );

    // A line that does not parse is named before anything runs.
    let out = apply(&ps, &[lines[0], r#"{"raumschiff":{}}"#], &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Zeile 2") && stderr.contains("Unbekannter Befehl: „raumschiff“"),
        "{stderr}"
    );
    assert!(before == zukunft(&["export-json", &ps]).stdout);

    // The corrected file runs as one change: one undo step takes all of it back.
    let good = [lines[0], "# Kommentarzeile", "", lines[2]];
    let out = apply(&ps, &good, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).lines().count(),
        2,
        "one reply per command"
    );
    let mut s = open(&p);
    let titles: Vec<String> = goals(&mut s).goals.into_iter().map(|g| g.title).collect();
    assert_eq!(titles, vec!["Erstes Ziel", "Drittes Ziel"]);
    let history = match call(
        &mut s,
        zukunftskommune::Command::History(zukunftskommune::api::HistoryCommand::State),
    ) {
        zukunftskommune::Reply::History(h) => h,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        history.undo_label.as_deref(),
        Some("Befehlsdatei (2 Befehle)")
    );
    call(
        &mut s,
        zukunftskommune::Command::History(zukunftskommune::api::HistoryCommand::Undo),
    );
    assert!(
        goals(&mut s).goals.is_empty(),
        "one undo takes the whole file back"
    );
    drop(s);

    // Undo inside a command file is refused (it would undo half of the file itself).
    let out = apply(&ps, &[lines[0], r#"{"history":"undo"}"#], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--each"),
        "{}",
        text(&out.stderr)
    );

    // --each: every line is its own change, up to the first failing one.
    let out = apply(&ps, &lines, &["--each"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout).lines().count(), 1);
    let mut s = open(&p);
    let titles: Vec<String> = goals(&mut s).goals.into_iter().map(|g| g.title).collect();
    assert_eq!(titles, vec!["Erstes Ziel"]);
}

/// `zukunft apply --help` shows docs/commands.md; every example in it parses, and every command
/// variant of the core (as the generated TypeScript types list them) has an example.
#[test]
fn the_command_reference_shows_every_command_with_a_working_example() {
    let doc = include_str!("../../docs/commands.md");
    let examples: Vec<&str> = doc
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('{'))
        .collect();
    // Every example of a Baustein works on a real project; only the made-up ids of the
    // examples may be unknown. (File, copy and report examples would touch the disk.)
    let dir = temp();
    let mut session = open(&demo(dir.path()));
    for line in &examples {
        let command = zukunftskommune::api::parse_command(line)
            .unwrap_or_else(|e| panic!("example does not parse: {line}\n{e}"));
        // Reordering needs every real section id, which an example cannot know.
        let skipped = [
            "generate_report",
            "export_report_sources",
            "set_logo",
            "reorder_sections",
            "\"export\":{",
            "import_preview",
            "\"import\":{",
            "print_sheets",
            "status_forms",
            "status_import",
            "\"report\":{",
        ]
        .iter()
        .any(|c| line.contains(c));
        let baustein = [
            "project",
            "goals",
            "check",
            "life_areas",
            "measures",
            "strategy",
            "room",
            "implementation",
        ]
        .iter()
        .any(|b| line.starts_with(&format!("{{\"{b}\"")));
        if baustein && !skipped {
            if let Err(e) = zukunftskommune::dispatch(&mut session, command) {
                assert_eq!(
                    e.code,
                    zukunftskommune::ErrorCode::NotFound,
                    "example fails: {line}\n{}",
                    e.message
                );
            }
        }
    }
    let bindings = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/lib/bindings");
    for enum_name in [
        "FileCommand",
        "ProjectCommand",
        "GoalsCommand",
        "CheckCommand",
        "LifeAreasCommand",
        "MeasuresCommand",
        "StrategyCommand",
        "HistoryCommand",
        "CopiesCommand",
        "RoomCommand",
        "ImplementationCommand",
    ] {
        let ts = std::fs::read_to_string(format!("{bindings}/{enum_name}.ts")).expect("binding");
        let def = &ts[ts.find("export type").expect("type")..];
        // Doc comments may quote words; only code counts.
        let def: String = def
            .split("/**")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once("*/").map_or("", |(_, rest)| rest)
                }
            })
            .collect();
        // Variant names are the quoted strings of the union (field names are not quoted).
        let variants: Vec<&str> = def.split('"').skip(1).step_by(2).collect();
        assert!(!variants.is_empty(), "{enum_name}");
        let outer = match enum_name {
            "LifeAreasCommand" => "life_areas".to_string(),
            other => other.trim_end_matches("Command").to_lowercase(),
        };
        for variant in variants {
            let as_unit = format!("{{\"{outer}\":\"{variant}\"}}");
            let as_struct = format!("{{\"{outer}\":{{\"{variant}\":");
            assert!(
                examples
                    .iter()
                    .any(|e| e.starts_with(&as_unit) || e.starts_with(&as_struct)),
                "docs/commands.md has no example of {outer} › {variant}"
            );
        }
    }
    let out = zukunft(&["apply", "--help"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains(r#"{"measures":{"save_measure":{"id""#));
}

/// `zukunft report --date` prints the given date when the settings name none, and refuses a
/// date that is none.
#[test]
fn report_takes_the_date_from_the_command_line() {
    let dir = temp();
    let p = dir.path().join("Datumsheim.zukunft");
    let ps = p.display().to_string();
    assert!(zukunft(&["new", &ps, "--name", "Datumsheim"])
        .status
        .success());
    let out = apply(
        &ps,
        &[r#"{"strategy":{"save_settings":{"date":null}}}"#],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = dir.path().join("b.pdf").display().to_string();
    let out = zukunft(&["report", &ps, "-o", &pdf, "--date", "31.02.2027"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("ist kein Datum"),
        "{}",
        text(&out.stderr)
    );
    let out = zukunft(&["report", &ps, "-o", &pdf, "--date", "01.02.2027"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let cover = crate::report::text_of(std::path::Path::new(&pdf), 1, 1);
    assert!(cover.contains("01.02.2027"), "{cover}");
}

/// `zukunft export` writes each format; an unknown format is refused in German.
#[test]
fn export_writes_the_formats_for_the_municipality() {
    let dir = temp();
    let p = demo(dir.path()).display().to_string();
    for (format, target) in [
        ("docx", "m.docx"),
        ("xlsx", "m.xlsx"),
        ("ics", "m.ics"),
        ("opendata", "od"),
    ] {
        let out_path = dir.path().join(target).display().to_string();
        let out = zukunft(&["export", &p, "--format", format, "-o", &out_path]);
        assert!(out.status.success(), "{format}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("geschrieben"), "{format}");
        assert!(dir.path().join(target).exists());
    }
    assert!(dir.path().join("od/metadaten.ttl").exists());
    let out = zukunft(&["export", &p, "--format", "docz", "-o", "x"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("unbekanntes Format „docz“"),
        "{}",
        text(&out.stderr)
    );
}

/// `zukunft import-measures` with a mapping file: the bad cells on stderr with row and column,
/// the good rows taken as one change; `--dry-run` writes nothing.
#[test]
fn import_measures_reads_a_list_through_a_mapping_file() {
    let dir = temp();
    let p = demo(dir.path());
    let ps = p.display().to_string();
    let list = dir.path().join("liste.csv");
    std::fs::write(
        &list,
        "Vorhaben;Betrag;Notiz\nHandlungsfeld 4: Mobilität;;\nRadwegekarte;2.500 €;x\nDefekt;viel;y\nHandlungsfeld 9: Raumfahrt;;\n",
    )
    .unwrap();
    let mapping = dir.path().join("zuordnung.json");
    std::fs::write(&mapping, r#"{"Vorhaben": "title", "Betrag": "cost_once"}"#).unwrap();
    let (l, m) = (list.display().to_string(), mapping.display().to_string());
    let before = info(&mut open(&p)).measures;

    let dry = zukunft(&["import-measures", &ps, &l, "--mapping", &m, "--dry-run"]);
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    assert!(text(&dry.stdout).contains("Spalte „Betrag“ → Kosten einmalig"));
    assert!(text(&dry.stderr).contains("Zeile 4, Spalte „Betrag“: „viel“ ist kein Betrag"));
    // The list's parts and the areas it names that the project lacks are said.
    assert!(
        text(&dry.stdout).contains(
            "Zwischenüberschrift Zeile 2: „Handlungsfeld 4: Mobilität“ → LB04 Mobilität & Verkehr"
        ),
        "{}",
        text(&dry.stdout)
    );
    assert!(
        text(&dry.stderr).contains("gibt es im Projekt noch nicht: „Raumfahrt“"),
        "{}",
        text(&dry.stderr)
    );
    assert_eq!(info(&mut open(&p)).measures, before);

    let done = zukunft(&["import-measures", &ps, &l, "--mapping", &m]);
    assert!(done.status.success(), "{}", text(&done.stderr));
    assert!(text(&done.stdout).contains("1 Maßnahme übernommen"));
    let mut s = open(&p);
    assert_eq!(info(&mut s).measures, before + 1);
    let added = measures(&mut s)
        .measures
        .into_iter()
        .find(|m| m.measure.title == "Radwegekarte")
        .unwrap();
    assert_eq!(added.measure.cost_once_cents, Some(250_000));
    drop(s);

    // The same list again: the title the project has is named, and left out when asked.
    let again = zukunft(&[
        "import-measures",
        &ps,
        &l,
        "--mapping",
        &m,
        "--skip-existing",
    ]);
    assert!(!again.status.success(), "nothing new to import");
    assert!(
        text(&again.stdout).contains(
            "1 Zeile trägt den Titel einer vorhandenen Maßnahme („Radwegekarte“): ausgelassen"
        ),
        "{}",
        text(&again.stdout)
    );
    assert!(
        text(&again.stderr).contains("nichts Neues"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(info(&mut open(&p)).measures, before + 1);

    std::fs::write(&mapping, r#"{"Gibt es nicht": "title"}"#).unwrap();
    let bad = zukunft(&["import-measures", &ps, &l, "--mapping", &m]);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("keine Spalte „Gibt es nicht“"),
        "{}",
        text(&bad.stderr)
    );
}

/// The optimised command line (`make cli`, scripts/build-cli.sh) learns from
/// `scripts/pgo-train.sh`: it runs here with the test build, so a changed command line fails
/// this test instead of `make cli`, and every document it trains on is really written.
#[test]
fn the_optimised_builds_training_runs_with_this_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("bash")
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pgo-train.sh"))
        .arg(zukunft_bin())
        .arg(dir.path())
        .env("ZUKUNFT_AUTHOR", "Test")
        .output()
        .expect("run bash");
    assert!(out.status.success(), "{}", text(&out.stderr));
    for written in [
        "Musterstadt.pdf",
        "Entwurf.pdf",
        "Musterstadt.docx",
        "Entwurf.docx",
        "Musterstadt.xlsx",
        "Vorlage.pdf",
        "Umsetzungsbericht.pdf",
    ] {
        let bytes = std::fs::metadata(dir.path().join(written)).map(|m| m.len());
        assert!(matches!(bytes, Ok(n) if n > 1000), "{written}: {bytes:?}");
    }
    // The window's saves went through: the draft holds the measure the training added.
    let json = zukunft(&[
        "export-json",
        &dir.path().join("Entwurf.zukunft").display().to_string(),
    ]);
    assert!(json.status.success(), "{}", text(&json.stderr));
    assert!(text(&json.stdout).contains("Digitale Bauakte für alle Ortsteile"));
}

/// `zukunft info` says on how many of the round's measures the mean progress rests: Halbheim's
/// „Fortschritt im Mittel 40 %“ came from 1 of 3 measures.
#[test]
fn info_gives_the_mean_progress_with_its_base() {
    let dir = temp();
    let p = dir.path().join("Halbheim.zukunft");
    let ps = p.display().to_string();
    assert!(
        zukunft(&["new", &ps, "--name", "Halbheim", "--start", "2026-02-01"])
            .status
            .success()
    );
    let out = apply(
        &ps,
        &[
            r#"{"measures":{"save_measure":{"title":"Digitaler Bauantrag"}}}"#,
            r#"{"measures":{"save_measure":{"title":"WLAN im Rathaus"}}}"#,
            r#"{"implementation":{"adopt":{"date":"2026-11-18","body":"Gemeinderat"}}}"#,
            r#"{"implementation":{"start_round":{"label":"Statusrunde 1. Halbjahr 2027","date":"2027-06-30"}}}"#,
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let reply: serde_json::Value =
        serde_json::from_str(text(&out.stdout).lines().last().unwrap()).unwrap();
    let entry = reply["data"]["round"]["entries"][0]["entry"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let line = format!(r#"{{"implementation":{{"save_entry":{{"id":"{entry}","progress":40}}}}}}"#);
    assert!(apply(&ps, &[&line], &[]).status.success());
    let info = text(&zukunft(&["info", &ps]).stdout);
    assert!(
        info.contains("Fortschritt im Mittel 40 % (aus 1 von 2 Maßnahmen)"),
        "{info}"
    );
}

/// A postponed strategy is not in force: `zukunft info` counted „vom Beschluss abweichende
/// Maßnahmen 0“ for a plan no council had adopted.
#[test]
fn info_says_a_postponed_strategy_is_not_in_force() {
    let dir = temp();
    let ps = dir.path().join("Vertagt.zukunft").display().to_string();
    assert!(zukunft(&["new", &ps, "--name", "Vertagtheim"])
        .status
        .success());
    let out = apply(
        &ps,
        &[
            r#"{"measures":{"save_measure":{"title":"Online-Terminvergabe"}}}"#,
            r#"{"implementation":{"adopt":{"date":"2026-11-10","body":"Gemeinderat","result":"vertagt"}}}"#,
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let info = text(&zukunft(&["info", &ps]).stdout);
    assert!(
        info.contains("vertagt vom Gemeinderat am 10.11.2026")
            && info.contains("Die Strategie ist nicht in Kraft")
            && !info.contains("abweichende"),
        "{info}"
    );
    // Adopted, then its Fortschreibung rejected: the strategy in force is named first, the
    // rejection beside it.
    let out = apply(
        &ps,
        &[
            r#"{"implementation":{"adopt":{"date":"2026-12-01","body":"Gemeinderat","drucksache":"GR 2026/120"}}}"#,
            r#"{"implementation":{"start_revision":{"label":"Fortschreibung 2027"}}}"#,
            r#"{"implementation":{"adopt":{"date":"2027-03-01","body":"Gemeinderat","result":"abgelehnt"}}}"#,
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let info = text(&zukunft(&["info", &ps]).stdout);
    assert!(
        info.contains("beschlossen vom Gemeinderat am 01.12.2026, GR 2026/120")
            && info.contains("Zuletzt: abgelehnt vom Gemeinderat am 01.03.2027")
            && info.contains("abweichende Maßnahmen 0"),
        "{info}"
    );
}
