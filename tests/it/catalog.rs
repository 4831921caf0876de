//! The methodology catalogue: its content, custom catalogues, and the demo municipality.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command as Process;

use zukunftskommune::api::*;
use zukunftskommune::catalog::{Catalog, PLACEHOLDERS};
use zukunftskommune::{Command, ErrorCode, Reply, Session};

use crate::common::*;

fn zukunft(args: &[&str]) -> std::process::Output {
    Process::new(crate::common::zukunft_bin())
        .args(args)
        .output()
        .expect("run zukunft")
}

#[test]
fn builtin_catalogue_has_the_promised_content() {
    let c = Catalog::builtin().expect("valid");
    assert!(c.problems().is_empty(), "{:?}", c.problems());
    let dims: Vec<&str> = c.check.dimensions.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(dims, ["A", "B", "C", "D", "E", "F", "G", "H", "I"]);
    assert!(!c.check.dimensions[0].scored, "A Rahmendaten is not scored");
    let items: Vec<_> = c.check.dimensions.iter().flat_map(|d| &d.items).collect();
    assert!(items.len() >= 60, "{} items", items.len());
    let mut keys = HashSet::new();
    for item in &items {
        assert!(keys.insert(&item.key), "duplicate {}", item.key);
        assert_eq!(item.levels.len(), 6, "{}", item.key);
        let distinct: HashSet<&String> = item.levels.iter().collect();
        assert_eq!(distinct.len(), 6, "{}: level texts must differ", item.key);
        for text in item
            .levels
            .iter()
            .chain([&item.question, &item.help, &item.evidence_hint])
        {
            assert!(
                text.trim().len() > 10,
                "{}: text too short: {text:?}",
                item.key
            );
        }
    }
    assert!(c.check.ozg_services.len() >= 25);
    for name in [
        "Meldebescheinigung",
        "Gewerbeanmeldung",
        "Bauantrag",
        "Kita-Anmeldung",
        "Hundesteuer",
        "Wohngeld",
    ] {
        assert!(
            c.check.ozg_services.iter().any(|s| s.name.contains(name)),
            "OZG list lacks {name}"
        );
    }
    assert_eq!(c.check.ozg_levels.len(), 5);
    assert_eq!(c.check.security_stages.len(), 4);
    assert!(c.check.key_figures.len() >= 7);

    let codes: Vec<&str> = c.life_areas.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes.len(), 13);
    assert_eq!(codes[0], "Q");
    for (i, code) in codes[1..].iter().enumerate() {
        assert_eq!(*code, format!("LB{:02}", i + 1));
    }
    for a in &c.life_areas {
        assert!(a.guiding_questions.len() >= 3, "{}", a.code);
        assert!(a.example_measures.len() >= 5, "{}", a.code);
        assert!(
            a.example_measures.iter().all(|m| m.description.len() > 30),
            "{}",
            a.code
        );
        assert!(
            !a.kpis.is_empty() && !a.funding.is_empty() && !a.dimensions.is_empty(),
            "{}",
            a.code
        );
    }

    for step in [
        "Gemeinderat: Auftakt",
        "IST-Analyse",
        "Workshop mit der Verwaltung",
        "Zukunftswerkstatt",
        "Jugendforum",
        "Maßnahmenworkshop",
        "Entwurf",
        "Vorstellung des Entwurfs",
        "Beschluss",
    ] {
        assert!(
            c.plan.iter().any(|p| p.title.contains(step)),
            "plan lacks {step}"
        );
    }
    assert!(
        c.plan
            .iter()
            .all(|p| p.offset_weeks + p.duration_weeks <= 44),
        "plan fits ten months"
    );

    let sections: Vec<&str> = c.sections.iter().map(|s| s.key.as_str()).collect();
    for key in [
        "vorwort",
        "zusammenfassung",
        "einleitung",
        "ausgangslage",
        "leitbild",
        "lebensbereiche",
        "querschnitt",
        "umsetzung",
        "organisation",
        "monitoring",
        "anhang",
    ] {
        assert!(sections.contains(&key), "no template for chapter {key}");
    }
    assert!(c
        .sections
        .iter()
        .any(|s| s.template.contains("{check_result}")));
    assert!(
        c.funding_programmes
            .iter()
            .all(|f| f.note.contains("prüfen")),
        "funding examples must say: verify"
    );
}

#[test]
fn a_new_project_keeps_its_catalogue_copy_and_version() {
    let dir = temp();
    let (mut s, path) = new_project(dir.path(), "Kopie");
    let Reply::Catalog(copy) = call(&mut s, Command::Project(ProjectCommand::Catalog)) else {
        panic!()
    };
    assert_eq!(copy, Catalog::builtin().unwrap());
    let c = check(&mut s);
    let stored: usize = c.dimensions.iter().map(|d| d.items.len()).sum();
    assert_eq!(
        stored,
        copy.check
            .dimensions
            .iter()
            .map(|d| d.items.len())
            .sum::<usize>()
    );
    let item = &c.dimensions[1].items[0].item;
    assert_eq!(item.levels, copy.check.dimensions[1].items[0].levels);
    drop(s);
    let mut s = open(&path);
    assert_eq!(info(&mut s).catalog_version, copy.version);
}

fn export_catalogue(dir: &Path) -> std::path::PathBuf {
    let target = dir.join("katalog");
    let out = zukunft(&["catalog", "export", &target.display().to_string()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    target
}

#[test]
fn a_consultancy_catalogue_creates_projects_with_its_own_content() {
    let dir = temp();
    let cat = export_catalogue(dir.path());
    for (name, text) in zukunftskommune::catalog::FILES {
        assert_eq!(
            std::fs::read_to_string(cat.join(name)).unwrap(),
            text,
            "{name} exported as is"
        );
    }
    let head = cat.join("katalog.json");
    let text = std::fs::read_to_string(&head)
        .unwrap()
        .replace("\"2026.2\"", "\"Beratung-2027\"");
    std::fs::write(&head, text).unwrap();
    let check = cat.join("check.json");
    let text = std::fs::read_to_string(&check).unwrap().replace(
        "Gibt es eine feste Zuständigkeit",
        "Hat die Stadt eine feste Zuständigkeit",
    );
    std::fs::write(&check, text).unwrap();

    let out = zukunft(&["catalog", "check", &cat.display().to_string()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Beratung-2027"));

    let p = dir.path().join("Eigen.zukunft").display().to_string();
    let out = zukunft(&[
        "new",
        &p,
        "--name",
        "Eigenheim",
        "--catalog",
        &cat.display().to_string(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut s = open(Path::new(&p));
    assert_eq!(info(&mut s).catalog_version, "Beratung-2027");
    let c = zukunftskommune_check(&mut s);
    assert!(c
        .iter()
        .any(|q| q.starts_with("Hat die Stadt eine feste Zuständigkeit")));
}

fn zukunftskommune_check(s: &mut Session) -> Vec<String> {
    check(s)
        .dimensions
        .into_iter()
        .flat_map(|d| d.items)
        .map(|i| i.item.question)
        .collect()
}

#[test]
fn a_broken_catalogue_is_refused_with_every_problem_listed() {
    let dir = temp();
    let cat = export_catalogue(dir.path());
    let check = cat.join("check.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&check).unwrap()).unwrap();
    let items = &mut v["dimensions"][1]["items"];
    items[0]["levels"].as_array_mut().unwrap().pop();
    items[1]["key"] = items[0]["key"].clone();
    items[2]["question"] = "  ".into();
    items[3]["levels"][4] = items[3]["levels"][3].clone();
    std::fs::write(&check, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let sections = cat.join("abschnitte.json");
    let text = std::fs::read_to_string(&sections)
        .unwrap()
        .replacen("{name}", "{gemeindename}", 1);
    std::fs::write(&sections, text).unwrap();
    // A plan step 20 million weeks out would leave the calendar: a problem, never a panic.
    let plan = cat.join("zeitplan.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    v["plan"][1]["offset_weeks"] = 20_000_000.into();
    std::fs::write(&plan, serde_json::to_string_pretty(&v).unwrap()).unwrap();

    let p = dir.path().join("Kaputt.zukunft");
    let out = zukunft(&[
        "new",
        &p.display().to_string(),
        "--name",
        "X",
        "--start",
        "01.03.2027",
        "--catalog",
        &cat.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(ErrorCode::Invalid.exit_code()));
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "check.json › dimensions[1].items[0].levels: 6 Stufen (0–5) erwartet, 5 gefunden",
        "check.json › dimensions[1].items[1].key: Schlüssel „B01“ doppelt",
        "check.json › dimensions[1].items[2].question: Text fehlt",
        "check.json › dimensions[1].items[3].levels[4]: gleicht einer anderen Stufe",
        "abschnitte.json › sections[0].template: unbekannter Platzhalter „{gemeindename}“",
        "zeitplan.json › plan[1]: Wochenangaben dürfen höchstens 520 sein",
    ] {
        assert!(err.contains(needle), "missing „{needle}“ in:\n{err}");
    }
    assert!(!p.exists(), "no project from a broken catalogue");

    // Syntax errors are reported per file with line and column, all files at once.
    std::fs::write(
        cat.join("zeitplan.json"),
        "{ \"plan\": [ { \"key\": 1 } ] }",
    )
    .unwrap();
    std::fs::remove_file(cat.join("foerderprogramme.json")).unwrap();
    let mut s = Session::new();
    let e = call_err(
        &mut s,
        Command::File(FileCommand::CheckCatalog {
            dir: cat.display().to_string(),
        }),
    );
    assert!(
        e.message.contains("zeitplan.json › plan[0].key"),
        "{}",
        e.message
    );
    assert!(e.message.contains("Zeile 1"), "{}", e.message);
    assert!(
        e.message
            .contains("foerderprogramme.json › (Datei): Datei fehlt"),
        "{}",
        e.message
    );
}

#[test]
fn the_demo_is_a_finished_project() {
    let dir = temp();
    let p = dir.path().join("Musterstadt.zukunft").display().to_string();
    assert!(zukunft(&["demo", &p]).status.success());
    let out = zukunft(&["check", &p]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = zukunft(&["info", &p, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["check_items"].as_u64().unwrap() >= 60);
    assert_eq!(v["check_answered"], v["check_items"]);
    assert!(v["ozg_services"].as_u64().unwrap() >= 25);
    assert!(v["life_areas"].as_u64().unwrap() >= 13);
    assert_eq!(v["life_areas_selected"], 8);
    // 40 put to the vote, one of them struck by the council (out of the plan), one added in
    // the year after the adoption.
    assert_eq!(v["measures"], 40);
    assert_eq!(v["measures_complete"], 40);
    assert_eq!(v["implementation"]["kpis"], 9);
    assert_eq!(v["implementation"]["adoption"]["drucksache"], "GR 2025/118");
    assert_eq!(v["ideas"], 60);
    assert_eq!(v["stakeholders"], 15);
    for p in v["progress"].as_array().unwrap() {
        assert_eq!(p["percent"], 100, "Baustein {} not finished", p["baustein"]);
    }
    let mut s = open(Path::new(&p));
    let st = strategy(&mut s);
    assert!(st
        .sections
        .iter()
        .all(|x| x.approved && !x.body.trim().is_empty()));
    assert!(
        st.previews.iter().all(|t| !PLACEHOLDERS
            .iter()
            .any(|(n, _)| t.contains(&format!("{{{n}}}")))),
        "every placeholder filled"
    );
    let m = measures(&mut s);
    assert!(m.ideas.iter().filter(|i| i.measure_id.is_some()).count() >= 40);
    assert!(
        m.measures.iter().any(|x| x.measure.number == "M-00-01"),
        "Querschnitt numbered 00"
    );
    let events: HashSet<_> = m.ideas.iter().filter_map(|i| i.event_id).collect();
    assert_eq!(events.len(), 2, "ideas come from two workshops");
    // The demo is the starting point: nothing to undo.
    let e = call_err(&mut s, Command::History(HistoryCommand::Undo));
    assert_eq!(e.code, ErrorCode::NothingToUndo);
    drop(s);
    // `zukunft info` names the Umsetzung; the draft (`--stand entwurf`) stops before the vote.
    let text = String::from_utf8(zukunft(&["info", &p]).stdout).unwrap();
    assert!(
        text.contains("Umsetzung: Digitalisierungsstrategie Musterstadt 2030 – mit Änderungen beschlossen vom Gemeinderat am 03.11.2025, GR 2025/118")
            && text.contains("Statusrunde 2. Halbjahr 2026 vom 23.11.2026: "),
        "{text}"
    );
    let draft = dir.path().join("Entwurf.zukunft").display().to_string();
    assert!(zukunft(&["demo", "--stand", "entwurf", &draft])
        .status
        .success());
    let out = zukunft(&["info", &draft, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["measures"], 40);
    assert!(v["implementation"].is_null());
}

/// A project begun without a Projektbeginn has no plan; once the date is in the profile the
/// Zehn-Monats-Plan is added as one undoable change, with the same entries a project created
/// with that date gets. Again, only missing steps are added; with all there nothing changes.
#[test]
fn the_ten_month_plan_can_be_added_once_the_start_is_known() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Spätstart");
    let add = |s: &mut Session| call_err(s, Command::Goals(GoalsCommand::AddPlan));
    assert!(!goals(&mut s).has_plan);
    let e = add(&mut s);
    assert!(
        e.message.contains("zuerst den Projektbeginn"),
        "{}",
        e.message
    );
    assert!(goals(&mut s).timeline.is_empty());

    run_json(
        &mut s,
        r#"{"project": {"save_profile": {"start_date": "2027-03-01"}}}"#,
    )
    .unwrap();
    // An own entry made before stays.
    run_json(
        &mut s,
        r#"{"goals": {"save_timeline_entry": {"title": "Klausur der Verwaltung", "kind": "workshop", "start": "2027-04-20"}}}"#,
    )
    .unwrap();
    let Reply::Goals(v) = call(&mut s, Command::Goals(GoalsCommand::AddPlan)) else {
        panic!()
    };
    assert!(v.has_plan);
    let entries = |v: &GoalsView| -> Vec<(
        String,
        Option<chrono::NaiveDate>,
        Option<chrono::NaiveDate>,
        String,
    )> {
        let mut e: Vec<_> = v
            .timeline
            .iter()
            .filter(|t| !t.plan_key.is_empty())
            .map(|t| (t.title.clone(), t.start, t.end, t.plan_key.clone()))
            .collect();
        e.sort();
        e
    };
    let (mut same, _) = create_project(
        dir.path(),
        NewProject {
            name: "Rechtzeitig".into(),
            start_date: chrono::NaiveDate::from_ymd_opt(2027, 3, 1),
            ..Default::default()
        },
    );
    let expected = entries(&goals(&mut same));
    assert!(expected.len() >= 8, "{expected:?}");
    assert_eq!(entries(&v), expected);
    assert!(v
        .timeline
        .iter()
        .any(|t| t.title == "Klausur der Verwaltung"));
    let Reply::Overview(o) = call(&mut s, Command::Project(ProjectCommand::Overview)) else {
        panic!()
    };
    assert_eq!(
        o.history.undo_label.as_deref(),
        Some(format!("Zehn-Monats-Plan angelegt ({} Termine)", expected.len()).as_str())
    );

    // Again: nothing missing, nothing written, no undo step.
    let before = export(&mut s);
    call(&mut s, Command::Goals(GoalsCommand::AddPlan));
    assert_eq!(export(&mut s), before);
    let Reply::Overview(again) = call(&mut s, Command::Project(ProjectCommand::Overview)) else {
        panic!()
    };
    assert_eq!(again.history, o.history);

    // A deleted step comes back alone.
    let step = goals(&mut s)
        .timeline
        .into_iter()
        .find(|t| !t.plan_key.is_empty())
        .unwrap();
    call(
        &mut s,
        Command::Goals(GoalsCommand::Delete {
            kind: zukunftskommune::model::EntityKind::TimelineEntry,
            id: step.id,
        }),
    );
    call(&mut s, Command::Goals(GoalsCommand::AddPlan));
    assert_eq!(entries(&goals(&mut s)), expected);

    // Undo walks back: the step added again, its deletion, the plan.
    call(&mut s, Command::History(HistoryCommand::Undo));
    call(&mut s, Command::History(HistoryCommand::Undo));
    call(&mut s, Command::History(HistoryCommand::Undo));
    let v = goals(&mut s);
    assert!(!v.has_plan, "{:?}", v.timeline);
    assert_eq!(v.timeline.len(), 1);
}

/// When the Projektbeginn moves, the plan's open steps can follow as one change; done steps and
/// own entries stay. A move past the calendar's range or by nothing is refused and writes nothing.
#[test]
fn the_plan_s_open_steps_move_with_the_start() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Verschoben");
    let before = goals(&mut s).timeline;
    let first = before
        .iter()
        .find(|t| !t.plan_key.is_empty())
        .unwrap()
        .clone();
    run_json(
        &mut s,
        &serde_json::json!({"goals": {"save_timeline_entry": {"id": first.id, "status": "erledigt"}}})
            .to_string(),
    )
    .unwrap();
    run_json(
        &mut s,
        r#"{"goals": {"save_timeline_entry": {"title": "Haushaltsklausur", "kind": "milestone", "start": "2027-06-10"}}}"#,
    )
    .unwrap();
    let shift = |s: &mut Session, days: i32| {
        zukunftskommune::dispatch(s, Command::Goals(GoalsCommand::ShiftPlan { days }))
    };
    shift(&mut s, 14).unwrap();
    let after = goals(&mut s).timeline;
    let by_id = |id| after.iter().find(|t| t.id == id).unwrap();
    let two_weeks = chrono::Duration::days(14);
    for t in before.iter().filter(|t| t.id != first.id) {
        let now = by_id(t.id);
        assert_eq!(now.start, t.start.map(|d| d + two_weeks), "{}", t.title);
        assert_eq!(now.end, t.end.map(|d| d + two_weeks), "{}", t.title);
    }
    assert_eq!(by_id(first.id).start, first.start, "a done step stays");
    let own = after
        .iter()
        .find(|t| t.title == "Haushaltsklausur")
        .unwrap();
    assert_eq!(own.start, chrono::NaiveDate::from_ymd_opt(2027, 6, 10));
    let Reply::Overview(o) = call(&mut s, Command::Project(ProjectCommand::Overview)) else {
        panic!()
    };
    assert_eq!(
        o.history.undo_label.as_deref(),
        Some(
            format!(
                "Zeitplan um 14 Tage nach hinten verschoben ({} Termine)",
                before.len() - 1
            )
            .as_str()
        )
    );

    let unchanged = export(&mut s);
    let e = shift(&mut s, 0).unwrap_err();
    assert!(e.message.contains("0 Tage"), "{}", e.message);
    let e = shift(&mut s, 80_000).unwrap_err();
    assert!(e.message.contains("Termin"), "{}", e.message);
    assert_eq!(export(&mut s), unchanged);

    // Back again: undo restores every date.
    call(&mut s, Command::History(HistoryCommand::Undo));
    let undone = goals(&mut s).timeline;
    for t in before.iter().filter(|t| t.id != first.id) {
        assert_eq!(undone.iter().find(|u| u.id == t.id).unwrap().start, t.start);
    }

    // Without a plan there is nothing to move.
    let (mut bare, _) = bare_project(dir.path(), "Ohne Plan");
    let e = shift(&mut bare, 7).unwrap_err();
    assert!(e.message.contains("Kein offener Termin"), "{}", e.message);
}
