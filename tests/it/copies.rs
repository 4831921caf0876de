//! Files that travel: checked copies, copies without personal data, backups, the folder warning,
//! and merging two copies that diverged on every entity kind.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use uuid::Uuid;
use zukunftskommune::api::*;
use zukunftskommune::api::{MergeAction, MergePlan, Prefer, Side};
use zukunftskommune::model::*;
use zukunftskommune::{Command, ErrorCode, Reply, Session};

use crate::common::*;
use crate::roundtrip::fill_every_kind;

type State = BTreeMap<(String, String), Value>;

fn entity<T: serde::de::DeserializeOwned>(body: Value) -> T {
    serde_json::from_value(body).expect("entity body")
}

/// Saves a row of any kind from its JSON body through its Baustein's command.
fn save_body(s: &mut Session, kind: EntityKind, body: Value) {
    use EntityKind as K;
    let command = match kind {
        K::Profile => Command::Project(ProjectCommand::SaveProfile(entity(body))),
        K::Goal => Command::Goals(GoalsCommand::SaveGoal(entity(body))),
        K::TimelineEntry => Command::Goals(GoalsCommand::SaveTimelineEntry(entity(body))),
        K::Stakeholder => Command::Goals(GoalsCommand::SaveStakeholder(entity(body))),
        K::Event => Command::Goals(GoalsCommand::SaveEvent(entity(body))),
        K::CheckDimension => Command::Check(CheckCommand::SaveDimension(entity(body))),
        K::CheckItem => Command::Check(CheckCommand::SaveItem(entity(body))),
        K::CheckAnswer => Command::Check(CheckCommand::SaveAnswer(entity(body))),
        K::OzgService => Command::Check(CheckCommand::SaveOzgService(entity(body))),
        K::KeyFigure => Command::Check(CheckCommand::SaveKeyFigure(entity(body))),
        K::SwotEntry => Command::Check(CheckCommand::SaveSwotEntry(entity(body))),
        K::DigitalOffer => Command::Check(CheckCommand::SaveDigitalOffer(entity(body))),
        K::LifeArea => Command::LifeAreas(LifeAreasCommand::SaveLifeArea(entity(body))),
        K::LifeAreaVote => {
            let v: LifeAreaVote = entity(body);
            Command::LifeAreas(LifeAreasCommand::SetVotes {
                life_area_id: v.life_area_id,
                event_id: v.event_id,
                votes: v.votes,
            })
        }
        K::Idea => Command::Measures(MeasuresCommand::SaveIdea(entity(body))),
        K::Measure => Command::Measures(MeasuresCommand::SaveMeasure(entity(body))),
        K::MeasureVote => {
            let v: MeasureVote = entity(body);
            Command::Measures(MeasuresCommand::SetVotes {
                measure_id: v.measure_id,
                event_id: v.event_id,
                votes: v.votes,
            })
        }
        K::Adoption => Command::Implementation(ImplementationCommand::SaveAdoption(entity(body))),
        K::Baseline => panic!("a baseline is frozen: no command saves one"),
        K::Kpi => Command::Implementation(ImplementationCommand::SaveKpi(entity(body))),
        K::KpiValue => Command::Implementation(ImplementationCommand::SaveKpiValue(entity(body))),
        K::StatusRound => Command::Implementation(ImplementationCommand::SaveRound(entity(body))),
        K::StatusEntry => Command::Implementation(ImplementationCommand::SaveEntry(entity(body))),
        K::Section => Command::Strategy(StrategyCommand::SaveSection(entity(body))),
        K::ReportSettings => Command::Strategy(StrategyCommand::SaveSettings(entity(body))),
        K::Draft => Command::Strategy(StrategyCommand::RecordDraft(entity(body))),
    };
    call(s, command);
}

fn delete(s: &mut Session, kind: EntityKind, id: &str) {
    let id: Uuid = id.parse().expect("uuid");
    let command = match kind.baustein() {
        1 => Command::Goals(GoalsCommand::Delete { kind, id }),
        2 => Command::Check(CheckCommand::Delete { kind, id }),
        3 => Command::LifeAreas(LifeAreasCommand::Delete { kind, id }),
        4 => Command::Measures(MeasuresCommand::Delete { kind, id }),
        6 => Command::Implementation(ImplementationCommand::Delete { kind, id }),
        _ => Command::Strategy(StrategyCommand::Delete { kind, id }),
    };
    call(s, command);
}

/// Two fields per kind that an edit changes (the second is used when both sides edit one row
/// in different fields).
fn fields(kind: EntityKind) -> (&'static str, Option<&'static str>) {
    use EntityKind as K;
    match kind {
        K::Profile => ("mayor", Some("district")),
        K::Goal => ("title", Some("description")),
        K::TimelineEntry => ("title", Some("place")),
        K::Stakeholder => ("role", Some("organisation")),
        K::Event => ("title", Some("minutes")),
        K::CheckDimension => ("title", Some("description")),
        K::CheckItem => ("question", Some("help")),
        K::CheckAnswer => ("note", Some("ist")),
        K::OzgService => ("name", Some("note")),
        K::KeyFigure => ("label", Some("source")),
        K::SwotEntry => ("text", Some("order")),
        K::DigitalOffer => ("title", Some("description")),
        K::LifeArea => ("vision", Some("rationale")),
        K::LifeAreaVote => ("votes", None),
        K::Idea => ("text", Some("votes")),
        K::Measure => ("description", Some("goal")),
        K::MeasureVote => ("votes", None),
        K::Section => ("body", Some("title")),
        K::ReportSettings => ("subtitle", Some("author")),
        K::Draft => ("label", Some("file_name")),
        K::Adoption => ("changes", Some("drucksache")),
        K::Baseline => ("label", None),
        K::Kpi => ("name", Some("unit")),
        K::KpiValue => ("note", Some("value")),
        K::StatusRound => ("label", None),
        K::StatusEntry => ("next_steps", Some("reason")),
    }
}

/// A new value for `field` of `body`, told apart by `tag` (numbers stay small and valid).
fn value(body: &Value, field: &str, tag: &str) -> Value {
    match body.get(field) {
        Some(Value::Number(_)) => json!(if tag.starts_with('A') { 3 } else { 4 }),
        _ => json!(format!("{field} geändert in Kopie {tag}")),
    }
}

fn edit(s: &mut Session, state: &State, kind: EntityKind, id: &str, field: &str, tag: &str) {
    let mut body = state[&(kind.table().to_string(), id.to_string())].clone();
    let v = value(&body, field, tag);
    body[field] = v;
    save_body(s, kind, body);
}

fn rows_of(state: &State, kind: EntityKind) -> Vec<(&String, &Value)> {
    state
        .iter()
        .filter(|((t, _), _)| t == kind.table())
        .map(|((_, id), body)| (id, body))
        .collect()
}

/// A new row of `kind` like an existing one, with unique keys and a text marked by `tag`.
fn add_like(s: &mut Session, state: &State, kind: EntityKind, n: usize, tag: &str) {
    use EntityKind as K;
    let (_, body) = *rows_of(state, kind).last().expect("a row to copy");
    let mut body = body.clone();
    let (f1, _) = fields(kind);
    // One answer per question and one vote row per area and event: use free ones.
    let free = |of: EntityKind, taken_by: &str| -> Vec<String> {
        let taken: Vec<&Value> = rows_of(state, kind)
            .iter()
            .map(|(_, b)| &b[taken_by])
            .collect();
        rows_of(state, of)
            .into_iter()
            .filter(|(id, _)| !taken.contains(&&json!(id)))
            .map(|(id, _)| id.clone())
            .collect()
    };
    let slot = n % 20;
    match kind {
        K::CheckAnswer => body["item_id"] = json!(free(K::CheckItem, "item_id")[slot]),
        K::LifeAreaVote => body["life_area_id"] = json!(free(K::LifeArea, "life_area_id")[slot]),
        K::MeasureVote => body["measure_id"] = json!(free(K::Measure, "measure_id")[slot]),
        _ => {}
    }
    body["id"] = json!(Uuid::nil());
    if !matches!(kind, K::LifeAreaVote | K::MeasureVote) {
        body[f1] = value(&body, f1, tag);
    } else {
        body["votes"] = json!(10 + n);
    }
    for key in ["key", "plan_key", "code", "number"] {
        if body.get(key).is_some() {
            body[key] = json!(match key {
                "key" if kind == K::CheckItem => format!("B{}", 60 + n),
                "key" => format!("{tag}{n}"),
                _ => String::new(),
            });
        }
    }
    if kind == K::Idea {
        body["measure_id"] = Value::Null;
    }
    // One round per Stichtag.
    if kind == K::StatusRound {
        body["date"] = json!(format!("2028-07-{:02}", n + 1));
    }
    save_body(s, kind, body);
}

fn ids_added(before: &State, after: &State, kind: EntityKind) -> Vec<String> {
    rows_of(after, kind)
        .into_iter()
        .filter(|(id, _)| !before.contains_key(&(kind.table().to_string(), (*id).clone())))
        .map(|(id, _)| id.clone())
        .collect()
}

fn merge_plan(s: &mut Session, other: &Path) -> MergePlan {
    match call(
        s,
        Command::Copies(CopiesCommand::MergePreview {
            path: other.display().to_string(),
            prefer: Prefer::Newer,
        }),
    ) {
        Reply::MergePlan(p) => p,
        r => panic!("unexpected {r:?}"),
    }
}

fn merge(s: &mut Session, other: &Path, choices: Vec<MergeChoice>) -> MergeReport {
    match call(
        s,
        Command::Copies(CopiesCommand::Merge {
            path: other.display().to_string(),
            prefer: Prefer::Newer,
            choices,
        }),
    ) {
        Reply::Merged(r) => r,
        r => panic!("unexpected {r:?}"),
    }
}

fn send_copy(s: &mut Session, out: &Path, without_personal_data: bool) {
    call(
        s,
        Command::Copies(CopiesCommand::SendCopy {
            path: out.display().to_string(),
            without_personal_data,
        }),
    );
}

fn pause() {
    // `updated_at` has millisecond resolution; "newer wins" needs the later edit to be later.
    std::thread::sleep(std::time::Duration::from_millis(3));
}

const DELETABLE_ROLES: usize = 8;

/// The council's decision and its baseline: never deleted, a baseline never edited (both
/// copies hold the same rows; `implementation.rs` merges an edited decision).
fn frozen(kind: EntityKind) -> bool {
    matches!(kind, EntityKind::Baseline | EntityKind::Adoption)
}

#[test]
fn two_copies_diverging_on_every_kind_merge_as_expected() {
    use EntityKind as K;
    let dir = temp();
    let (mut a, path_a) = new_project(dir.path(), "Zweistadt");
    fill_every_kind(&mut a, "Basis");
    // Measures without votes, for the vote rows of every role (one per measure and event); in
    // a Lebensbereich of their own, so the numbering the test follows stays as it was.
    let own_area = areas(&mut a)
        .areas
        .iter()
        .find(|v| v.area.code == "LB05")
        .expect("catalogue area LB05")
        .area
        .id;
    for n in 0..DELETABLE_ROLES {
        call(
            &mut a,
            Command::Measures(MeasuresCommand::SaveMeasure(
                Measure {
                    title: format!("Maßnahme für Stimmen {n}"),
                    life_area_id: Some(own_area),
                    ..Default::default()
                }
                .into(),
            )),
        );
    }
    // Enough rows of every kind for every role (the singletons have one).
    let seeded = live_state(&mut a);
    for kind in EntityKind::ALL {
        if matches!(kind, K::Profile | K::ReportSettings) || frozen(kind) {
            continue;
        }
        for n in 0..DELETABLE_ROLES {
            add_like(&mut a, &seeded, kind, n, "Basis");
        }
    }
    let base = live_state(&mut a);
    let path_b = dir.path().join("Zweistadt_Kopie.zukunft");
    send_copy(&mut a, &path_b, false);
    let mut b = open(&path_b);
    assert_eq!(live_state(&mut b), base, "the copy holds the same project");

    // Roles per kind, on rows created for this test (no cascades into seeded rows).
    let mut roles: BTreeMap<EntityKind, Vec<String>> = BTreeMap::new();
    for kind in EntityKind::ALL.into_iter().filter(|k| !frozen(*k)) {
        let ids = if matches!(kind, K::Profile | K::ReportSettings) {
            rows_of(&base, kind)
                .into_iter()
                .map(|(id, _)| id.clone())
                .collect()
        } else {
            ids_added(&seeded, &base, kind)
        };
        roles.insert(kind, ids);
    }
    for (kind, ids) in &roles {
        let kind = *kind;
        let (f1, f2) = fields(kind);
        if ids.len() == 1 {
            // Singletons: the profile gets edits of different fields (both kept), the report
            // settings the same field on both sides (a conflict, the later edit wins).
            match kind {
                K::Profile => {
                    edit(&mut a, &base, kind, &ids[0], f1, "A");
                    edit(&mut b, &base, kind, &ids[0], f2.expect("f2"), "B");
                }
                _ => {
                    edit(&mut a, &base, kind, &ids[0], f1, "A");
                    pause();
                    edit(&mut b, &base, kind, &ids[0], f1, "B");
                }
            }
            continue;
        }
        edit(&mut a, &base, kind, &ids[0], f1, "A"); // only here
        edit(&mut b, &base, kind, &ids[1], f1, "B"); // only there
        edit(&mut a, &base, kind, &ids[2], f1, "A"); // same field on both: B is later
        pause();
        edit(&mut b, &base, kind, &ids[2], f1, "B");
        if let Some(f2) = f2 {
            edit(&mut a, &base, kind, &ids[3], f1, "A"); // different fields: both kept
            edit(&mut b, &base, kind, &ids[3], f2, "B");
        }
        delete(&mut a, kind, &ids[4]); // deleted here
        delete(&mut b, kind, &ids[5]); // deleted there
        delete(&mut a, kind, &ids[6]); // deleted here, edited there later
        pause();
        edit(&mut b, &base, kind, &ids[6], f1, "B");
        edit(&mut a, &base, kind, &ids[7], f1, "A"); // edited here, deleted there later
        pause();
        delete(&mut b, kind, &ids[7]);
    }
    // Added on each side.
    let before_adds_b = live_state(&mut b);
    for kind in EntityKind::ALL {
        if !matches!(kind, K::Profile | K::ReportSettings) && !frozen(kind) {
            // Based on `base`: answers and votes deleted above do not count as free slots.
            add_like(&mut a, &base, kind, 20, "A");
            add_like(&mut b, &base, kind, 21, "B");
        }
    }
    // Both add a cross-cutting measure: each copy numbers it M-00-01.
    for (s, title) in [(&mut a, "Querschnitt aus A"), (&mut b, "Querschnitt aus B")] {
        call(
            s,
            Command::Measures(MeasuresCommand::SaveMeasure(
                Measure {
                    title: title.into(),
                    ..Default::default()
                }
                .into(),
            )),
        );
    }
    let state_a = live_state(&mut a);
    let state_b = live_state(&mut b);
    drop(b);

    // What the merge must give.
    let key = |kind: EntityKind, id: &String| (kind.table().to_string(), id.clone());
    let mut expected = state_a.clone();
    for (kind, ids) in &roles {
        let kind = *kind;
        if ids.len() == 1 {
            let k = key(kind, &ids[0]);
            if kind == K::Profile {
                let f2 = fields(kind).1.expect("f2");
                expected.get_mut(&k).expect("profile")[f2] = state_b[&k][f2].clone();
            } else {
                expected.insert(k.clone(), state_b[&k].clone());
            }
            continue;
        }
        for i in [1, 2, 6] {
            expected.insert(key(kind, &ids[i]), state_b[&key(kind, &ids[i])].clone());
        }
        if let Some(f2) = fields(kind).1 {
            let k = key(kind, &ids[3]);
            expected.get_mut(&k).expect("row 3")[f2] = state_b[&k][f2].clone();
        }
        for i in [5, 7] {
            expected.remove(&key(kind, &ids[i]));
        }
        for id in ids_added(&before_adds_b, &state_b, kind) {
            expected.insert(key(kind, &id), state_b[&key(kind, &id)].clone());
        }
    }

    let plan = merge_plan(&mut a, &path_b);
    let conflicts: Vec<_> = plan.conflicts.iter().map(|c| (c.kind, c.id)).collect();
    for (kind, ids) in &roles {
        if ids.len() == 1 {
            continue;
        }
        for i in [2, 6, 7] {
            let id: Uuid = ids[i].parse().unwrap();
            assert!(
                conflicts.contains(&(*kind, id)),
                "{kind:?} role {i} is a conflict"
            );
        }
        assert!(
            plan.conflicts
                .iter()
                .filter(|c| c.kind == *kind)
                .all(|c| c.suggested == Side::Theirs),
            "{kind:?}: the later change is suggested: {:#?}",
            plan.conflicts
                .iter()
                .filter(|c| c.kind == *kind)
                .collect::<Vec<_>>()
        );
    }
    let same_field = plan
        .conflicts
        .iter()
        .find(|c| c.kind == K::Goal && c.id.to_string() == roles[&K::Goal][2])
        .expect("goal conflict");
    assert_eq!(same_field.fields.len(), 1, "only the field edited on both");
    assert_eq!(same_field.fields[0].field, "title");
    assert!(plan
        .from_theirs
        .iter()
        .any(|e| e.action == MergeAction::Combined && e.kind == K::Profile));

    let report = merge(&mut a, &path_b, Vec::new());
    assert_eq!(report.conflicts.len(), plan.conflicts.len());
    // Both copies numbered a new measure M-00-01 and coded a new custom area the same.
    assert!(
        report
            .renumbered
            .contains(&"M-00-01 → M-00-02 Querschnitt aus B".to_string()),
        "{:?}",
        report.renumbered
    );
    let mut merged = live_state(&mut a);
    // Areas and measures added there may get the next free code or number (renumbered above);
    // otherwise they are as written there.
    for id in ids_added(&before_adds_b, &state_b, K::LifeArea) {
        let k = key(K::LifeArea, &id);
        expected.get_mut(&k).expect("area")["code"] = merged[&k]["code"].clone();
    }
    for id in ids_added(&before_adds_b, &state_b, K::Measure) {
        let k = key(K::Measure, &id);
        let number = merged[&k]["number"].clone();
        expected.get_mut(&k).expect("measure")["number"] = number;
    }
    assert_eq!(merged.len(), expected.len());
    for (k, v) in &expected {
        assert_eq!(merged.get(k), Some(v), "row {k:?}");
    }

    // Merging the same copy again changes nothing and asks nothing.
    let again = merge_plan(&mut a, &path_b);
    assert!(again.from_theirs.is_empty(), "{:?}", again.from_theirs);
    assert!(again.conflicts.is_empty(), "{:?}", again.conflicts);
    merge(&mut a, &path_b, Vec::new());
    merged = live_state(&mut a);
    assert_eq!(merged.len(), expected.len());

    // The whole merge is one undoable change; undo twice (the empty second merge first).
    let undo = |s: &mut Session| match call(s, Command::History(HistoryCommand::Undo)) {
        Reply::Changed(c) => c.label,
        r => panic!("{r:?}"),
    };
    let label = undo(&mut a);
    let label = if live_state(&mut a) == state_a {
        label
    } else {
        undo(&mut a)
    };
    assert!(label.starts_with("Zusammengeführt mit"), "{label}");
    assert_eq!(
        live_state(&mut a),
        state_a,
        "undo restores the state before the merge"
    );
    drop(a);
    assert!(zukunftskommune::store::check_file(&path_a).is_ok());
}

#[test]
fn a_fresh_copy_merged_into_its_original_changes_nothing() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    let copy = dir.path().join("frisch.zukunft");
    send_copy(&mut s, &copy, false);
    let before = std::fs::read(&copy).unwrap();
    let state = live_state(&mut s);
    let plan = merge_plan(&mut s, &copy);
    assert!(plan.from_theirs.is_empty() && plan.conflicts.is_empty());
    assert!(plan.identical > 200, "{}", plan.identical);
    let report = merge(&mut s, &copy, Vec::new());
    assert!(report.from_theirs.is_empty());
    assert_eq!(live_state(&mut s), state);
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        before,
        "the other copy is only read"
    );
    let history = match call(&mut s, Command::History(HistoryCommand::State)) {
        Reply::History(h) => h,
        r => panic!("{r:?}"),
    };
    assert_eq!(
        history.undo_label, None,
        "nothing to undo after an empty merge"
    );
}

#[test]
fn a_conflict_decided_for_this_copy_keeps_it_and_is_not_asked_again() {
    let dir = temp();
    let (mut a, _) = new_project(dir.path(), "Eins");
    let copy = dir.path().join("Eins_Kopie.zukunft");
    send_copy(&mut a, &copy, false);
    let mut b = open(&copy);
    let goal = |s: &mut Session, title: &str| {
        let profile = goals(s).profile;
        call(
            s,
            Command::Project(ProjectCommand::SaveProfile(
                Profile {
                    mayor: title.into(),
                    ..profile
                }
                .into(),
            )),
        );
    };
    goal(&mut a, "Frau A");
    pause();
    goal(&mut b, "Herr B");
    drop(b);
    let plan = merge_plan(&mut a, &copy);
    assert_eq!(plan.conflicts.len(), 1);
    let c = &plan.conflicts[0];
    assert_eq!(c.suggested, Side::Theirs, "the newer edit is suggested");
    assert_eq!(c.fields[0].mine, json!("Frau A"));
    assert_eq!(c.fields[0].theirs, json!("Herr B"));
    merge(
        &mut a,
        &copy,
        vec![MergeChoice {
            kind: c.kind,
            id: c.id,
            take: Side::Mine,
        }],
    );
    assert_eq!(goals(&mut a).profile.mayor, "Frau A");
    let again = merge_plan(&mut a, &copy);
    assert!(again.conflicts.is_empty(), "decided once, not asked again");
    assert!(again.from_theirs.is_empty());
}

#[test]
fn another_project_is_refused_and_left_unchanged() {
    let dir = temp();
    let (mut a, _) = new_project(dir.path(), "Eins");
    let (s2, other) = new_project(dir.path(), "Zwei");
    drop(s2);
    let before = std::fs::read(&other).unwrap();
    let e = call_err(
        &mut a,
        Command::Copies(CopiesCommand::MergePreview {
            path: other.display().to_string(),
            prefer: Prefer::Newer,
        }),
    );
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(e.message.contains("anderes Projekt"), "{}", e.message);
    let e = call_err(
        &mut a,
        Command::Copies(CopiesCommand::Merge {
            path: dir.path().join("fehlt.zukunft").display().to_string(),
            prefer: Prefer::Newer,
            choices: vec![],
        }),
    );
    assert_eq!(e.code, ErrorCode::FileMissing);
    assert_eq!(std::fs::read(&other).unwrap(), before);
}

/// A copy whose report settings or profile row is deleted (or doubled) would leave the merged
/// project unopenable: such a copy is refused, the own file unchanged; an import likewise.
#[test]
fn a_copy_or_import_with_a_deleted_singleton_is_refused() {
    let dir = temp();
    let (mut a, path_a) = new_project(dir.path(), "Einmal");
    let copy = dir.path().join("Kaputt.zukunft");
    send_copy(&mut a, &copy, false);
    sqlite3(
        &copy,
        "UPDATE report_settings SET deleted = 1; UPDATE profile SET deleted = 1;",
    );
    let before = export(&mut a);
    let e = call_err(
        &mut a,
        Command::Copies(CopiesCommand::Merge {
            path: copy.display().to_string(),
            prefer: Prefer::Theirs,
            choices: vec![],
        }),
    );
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(e.message.contains("gelöscht"), "{}", e.message);
    assert_eq!(export(&mut a), before);
    drop(a);
    let mut a = open(&path_a);
    assert_eq!(export(&mut a), before, "the project still opens, unchanged");

    // An import with a deleted report settings row or a second profile leaves no file behind.
    let mut json: Value = serde_json::from_str(&before).unwrap();
    json["tables"]["report_settings"][0]["deleted"] = Value::Bool(true);
    let target = dir.path().join("Import.zukunft");
    let e = call_err(
        &mut a,
        Command::File(FileCommand::ImportJson {
            json: json.to_string(),
            path: target.display().to_string(),
        }),
    );
    assert!(e.message.contains("gelöscht"), "{}", e.message);
    assert!(!target.exists());
    let mut json: Value = serde_json::from_str(&before).unwrap();
    let mut second = json["tables"]["profile"][0].clone();
    let other_id = uuid::Uuid::now_v7().to_string();
    second["id"] = Value::String(other_id.clone());
    second["body"]["id"] = Value::String(other_id);
    json["tables"]["profile"]
        .as_array_mut()
        .unwrap()
        .push(second);
    let e = call_err(
        &mut a,
        Command::File(FileCommand::ImportJson {
            json: json.to_string(),
            path: target.display().to_string(),
        }),
    );
    assert!(e.message.contains("nur einmal"), "{}", e.message);
    assert!(!target.exists());
}

/// A file left without its profile and report settings (as a merge of an older version could
/// leave it) still opens: the notice says what is missing and how to get it back, commands
/// that need the profile say the same instead of "not found", and undo restores both.
#[test]
fn a_file_missing_its_singletons_opens_and_the_change_can_be_undone() {
    let dir = temp();
    let (mut s, path) = new_project(dir.path(), "Lückenhausen");
    let before = export(&mut s);
    drop(s);
    // The change an older merge recorded: both rows deleted, the before images journaled.
    sqlite3(
        &path,
        "INSERT INTO change_set (label, at, state) \
           VALUES ('Kopie „Alt“ zusammengeführt', '2026-11-01T10:00:00+00:00', 'done'); \
         INSERT INTO journal (change_id, kind, entity_id, before, after) \
           SELECT (SELECT max(id) FROM change_set), 'profile', id, \
                  json_object('body', json(body), 'deleted', json('false')), \
                  json_object('body', json(body), 'deleted', json('true')) FROM profile; \
         INSERT INTO journal (change_id, kind, entity_id, before, after) \
           SELECT (SELECT max(id) FROM change_set), 'report_settings', id, \
                  json_object('body', json(body), 'deleted', json('false')), \
                  json_object('body', json(body), 'deleted', json('true')) FROM report_settings; \
         UPDATE profile SET deleted = 1; UPDATE report_settings SET deleted = 1;",
    );
    let (mut s, o) = open_with_overview(&path);
    let notice = o.notice.unwrap_or_default();
    assert!(
        notice.contains("fehlen „Profil der Kommune“ und „Berichtseinstellungen“"),
        "{notice}"
    );
    assert!(notice.contains("„Rückgängig“"), "{notice}");
    assert!(notice.contains("Kopie „Alt“ zusammengeführt"), "{notice}");
    assert_eq!(o.profile.name, "Lückenhausen", "named after the file");
    assert!(o.history.undo_label.is_some());

    // What needs the profile says why it cannot work, not "nicht gefunden (ID …)".
    let e = call_err(&mut s, Command::Project(ProjectCommand::Info));
    assert!(
        e.message
            .contains("„Profil der Kommune“ fehlt in dieser Projektdatei"),
        "{}",
        e.message
    );
    let e = call_err(&mut s, Command::Strategy(StrategyCommand::Get));
    assert!(e.message.contains("fehlt"), "{}", e.message);

    call(&mut s, Command::History(HistoryCommand::Undo));
    // Undo is itself a change: only the rows' `updated_at` moves.
    let bodies = |json: &str| {
        let mut v: Value = serde_json::from_str(json).unwrap();
        for rows in v["tables"].as_object_mut().unwrap().values_mut() {
            for row in rows.as_array_mut().unwrap() {
                row.as_object_mut().unwrap().remove("updated_at");
            }
        }
        v
    };
    assert_eq!(
        bodies(&export(&mut s)),
        bodies(&before),
        "undo brought both rows back"
    );
    drop(s);
    let mut s = open(&path);
    assert!(matches!(
        call(&mut s, Command::Project(ProjectCommand::Info)),
        Reply::Info(_)
    ));
}

/// Rows from another copy or an import may point only at rows the project has (live or
/// deleted), as a save through the API must: a crafted measure whose Lebensbereich exists
/// nowhere is refused; votes for an event deleted here meanwhile are ordinary and merge.
#[test]
fn references_from_copies_and_imports_are_checked_like_a_save() {
    let dir = temp();
    let (mut a, _) = new_project(dir.path(), "Verweisheim");
    let Reply::Goals(g) = call(
        &mut a,
        Command::Goals(GoalsCommand::SaveEvent(
            Event {
                title: "Zukunftswerkstatt".into(),
                ..Default::default()
            }
            .into(),
        )),
    ) else {
        panic!()
    };
    let event = g.written.saved.unwrap();
    let Reply::LifeAreas(areas) = call(&mut a, Command::LifeAreas(LifeAreasCommand::Get)) else {
        panic!()
    };
    let area = areas.areas[0].area.id;
    let copy = dir.path().join("Kollegin.zukunft");
    send_copy(&mut a, &copy, false);

    // The colleague counts dots at the event; here the event is deleted meanwhile.
    let mut b = open(&copy);
    call(
        &mut b,
        Command::LifeAreas(LifeAreasCommand::SetVotes {
            life_area_id: area,
            event_id: event,
            votes: 7,
        }),
    );
    let Reply::Measures(m) = call(
        &mut b,
        Command::Measures(MeasuresCommand::SaveMeasure(
            Measure {
                title: "Verweis ins Leere".into(),
                life_area_id: Some(area),
                ..Default::default()
            }
            .into(),
        )),
    ) else {
        panic!()
    };
    let measure = m.written.saved.unwrap();
    drop(b);
    call(
        &mut a,
        Command::Goals(GoalsCommand::Delete {
            kind: EntityKind::Event,
            id: event,
        }),
    );
    // A crafted copy: the measure's Lebensbereich exists in neither copy.
    let crafted = dir.path().join("Manipuliert.zukunft");
    std::fs::copy(&copy, &crafted).unwrap();
    let nowhere = uuid::Uuid::now_v7();
    sqlite3(
        &crafted,
        &format!(
            "UPDATE measure SET body = json_set(body, '$.life_area_id', '{nowhere}') WHERE id = '{measure}';"
        ),
    );
    let before = export(&mut a);
    let e = call_err(
        &mut a,
        Command::Copies(CopiesCommand::Merge {
            path: crafted.display().to_string(),
            prefer: Prefer::Newer,
            choices: vec![],
        }),
    );
    assert!(
        e.message.contains("verweist auf „Lebensbereich“")
            && e.message.contains(&nowhere.to_string()),
        "{}",
        e.message
    );
    assert_eq!(export(&mut a), before, "nothing taken");
    // The honest copy merges: its votes point at an event deleted here, which is known.
    let report = merge(&mut a, &copy, vec![]);
    assert!(report.from_theirs.len() >= 2, "{report:?}");

    // An import whose measure points at a Lebensbereich that is not in the file is refused
    // and leaves no file behind.
    let mut json: Value = serde_json::from_str(&export(&mut a)).unwrap();
    for row in json["tables"]["measure"].as_array_mut().unwrap() {
        row["body"]["life_area_id"] = Value::String(nowhere.to_string());
    }
    let target = dir.path().join("Import.zukunft");
    let e = call_err(
        &mut a,
        Command::File(FileCommand::ImportJson {
            json: json.to_string(),
            path: target.display().to_string(),
        }),
    );
    assert!(
        e.message.contains("verweist auf „Lebensbereich“"),
        "{}",
        e.message
    );
    assert!(!target.exists());
}

fn stakeholders_with_contacts(s: &mut Session) {
    for n in 0..3 {
        call(
            s,
            Command::Goals(GoalsCommand::SaveStakeholder(
                Stakeholder {
                    role: format!("Ortsvorsteher {n}"),
                    name: format!("Erika Mustermann-{n}"),
                    contact: format!("erika{n}@beispiel-amt.de"),
                    ..Default::default()
                }
                .into(),
            )),
        );
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn a_copy_without_personal_data_contains_none_and_merges_back_without_losing_names() {
    let dir = temp();
    let (mut s, path) = new_project(dir.path(), "Datenarm");
    stakeholders_with_contacts(&mut s);
    // Rename one, so the journal holds an older name too.
    let g = goals(&mut s);
    let first = g
        .stakeholders
        .iter()
        .find(|x| x.name.ends_with("-0"))
        .unwrap()
        .clone();
    call(
        &mut s,
        Command::Goals(GoalsCommand::SaveStakeholder(
            Stakeholder {
                name: "Erika Mustermann-Neu".into(),
                ..first
            }
            .into(),
        )),
    );
    let out = dir.path().join("Datenarm_ohne.zukunft");
    let reply = call(
        &mut s,
        Command::Copies(CopiesCommand::SendCopy {
            path: out.display().to_string(),
            without_personal_data: true,
        }),
    );
    let Reply::Copied(c) = reply else { panic!() };
    assert!(c.without_personal_data);
    let bytes = std::fs::read(&out).unwrap();
    for needle in ["Mustermann", "beispiel-amt", "erika"] {
        assert!(!contains(&bytes, needle), "{needle} left in the copy");
    }
    let original = std::fs::read(&path).unwrap();
    assert!(contains(&original, "Mustermann"), "the original keeps them");
    // The copy opens with a notice, roles are there, names are empty.
    {
        let mut c = Session::new();
        let Reply::Overview(o) = call(
            &mut c,
            Command::File(FileCommand::Open {
                path: out.display().to_string(),
            }),
        ) else {
            panic!()
        };
        assert!(
            o.notice
                .unwrap_or_default()
                .contains("ohne personenbezogene Daten"),
            "the colleague learns why names are empty"
        );
        let g = goals(&mut c);
        let people: Vec<_> = g
            .stakeholders
            .iter()
            .filter(|x| x.role.starts_with("Ortsvorsteher"))
            .collect();
        assert_eq!(people.len(), 3);
        assert!(people
            .iter()
            .all(|p| p.name.is_empty() && p.contact.is_empty()));
        // The colleague edits a role in the copy.
        let p = people[1].clone();
        call(
            &mut c,
            Command::Goals(GoalsCommand::SaveStakeholder(
                Stakeholder {
                    role: "Ortsvorsteherin".into(),
                    ..p
                }
                .into(),
            )),
        );
    }
    let report = merge(&mut s, &out, vec![]);
    assert_eq!(report.from_theirs.len(), 1, "{:?}", report.from_theirs);
    assert!(report.conflicts.is_empty());
    let g = goals(&mut s);
    let names: Vec<&str> = g.stakeholders.iter().map(|x| x.name.as_str()).collect();
    assert!(names.contains(&"Erika Mustermann-Neu") && names.contains(&"Erika Mustermann-1"));
    let edited = g
        .stakeholders
        .iter()
        .find(|x| x.role == "Ortsvorsteherin")
        .unwrap();
    assert_eq!(
        edited.contact, "erika1@beispiel-amt.de",
        "contact kept from this copy"
    );
}

#[test]
fn a_copy_taken_while_the_project_is_open_is_consistent_and_checked() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    call(
        &mut s,
        Command::Goals(GoalsCommand::SaveGoal(
            Goal {
                title: "Nach dem Öffnen hinzugefügt".into(),
                ..Default::default()
            }
            .into(),
        )),
    );
    let state = live_state(&mut s);
    let out = dir.path().join("Musterstadt_2026-11-25.zukunft");
    send_copy(&mut s, &out, false);
    // Still open and editable here, and the copy is a healthy file with the same content.
    assert!(zukunftskommune::store::check_file(&out).is_ok());
    let mut c = open(&out);
    assert_eq!(live_state(&mut c), state);
    drop(c);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains(".tmp-")),
        "no temporary file left: {names:?}"
    );
    // Refused: the open file itself (unchanged), a folder.
    let size = std::fs::metadata(&path).unwrap().len();
    let e = call_err(
        &mut s,
        Command::Copies(CopiesCommand::SendCopy {
            path: path.display().to_string(),
            without_personal_data: false,
        }),
    );
    assert_eq!(e.code, ErrorCode::Invalid);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), size);
    let e = call_err(
        &mut s,
        Command::Copies(CopiesCommand::SendCopy {
            path: dir.path().display().to_string(),
            without_personal_data: false,
        }),
    );
    assert_eq!(e.code, ErrorCode::Invalid);
    // Refused, left as they were: a name without „.zukunft“, and an existing file that is not a
    // project (`zukunft copy p.zukunft notes.txt` replaced the notes with the copy).
    for (name, expected) in [
        ("Notizen.txt", ".zukunft"),
        ("Notizen.zukunft", "keine Projektdatei"),
    ] {
        let other = dir.path().join(name);
        std::fs::write(&other, "wichtig").unwrap();
        let e = call_err(
            &mut s,
            Command::Copies(CopiesCommand::SendCopy {
                path: other.display().to_string(),
                without_personal_data: false,
            }),
        );
        assert!(e.message.contains(expected), "{name}: {}", e.message);
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "wichtig");
    }
    // The suggested name: municipality and date.
    let Reply::Overview(o) = call(&mut s, Command::Project(ProjectCommand::Overview)) else {
        panic!()
    };
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(o.copy_name, format!("Musterstadt_{today}.zukunft"));
}

fn backup_list(s: &mut Session) -> Vec<zukunftskommune::api::BackupInfo> {
    match call(s, Command::Copies(CopiesCommand::Backups { path: None })) {
        Reply::Backups(b) => b.backups,
        r => panic!("{r:?}"),
    }
}

/// A municipality name longer than a file name may be (300 characters, umlauts, a bidi
/// control) still gets its backups: the name part is cut on a character boundary.
#[test]
fn backups_work_for_a_very_long_municipality_name() {
    let dir = temp();
    let data = dir.path().join("appdaten");
    let (s, path) = new_project(dir.path(), "Kurz");
    drop(s);
    let mut s = Session::with_app_data(data.clone());
    call(
        &mut s,
        Command::File(FileCommand::Open {
            path: path.display().to_string(),
        }),
    );
    let long = format!(
        "\u{202e}{}",
        "Verwaltungsgemeinschaft Überlänge an der Ä ".repeat(7)
    );
    let profile = goals(&mut s).profile;
    call(
        &mut s,
        Command::Project(ProjectCommand::SaveProfile(
            Profile {
                name: long,
                ..profile
            }
            .into(),
        )),
    );
    call(&mut s, Command::Copies(CopiesCommand::BackUpNow));
    let list = backup_list(&mut s);
    assert_eq!(list.len(), 2, "on open and now: {list:?}");
    assert!(list[0].file_name.len() < 200, "{}", list[0].file_name);
    assert!(list[0]
        .file_name
        .contains("Verwaltungsgemeinschaft_Überlänge"));
    assert!(!list[0].file_name.contains('\u{202e}'));
}

/// A backup that cannot be written (here: the backup folder is blocked by a file) never fails
/// the consultant's work, and the overview says so until a backup succeeds again.
#[test]
fn a_failed_backup_is_shown_in_the_overview() {
    let dir = temp();
    let data = dir.path().join("appdaten");
    std::fs::create_dir_all(&data).unwrap();
    let blocked = data.join("Sicherungen");
    std::fs::write(&blocked, "kein Ordner").unwrap();
    let path = demo(dir.path());
    let mut s = Session::with_app_data(data.clone());
    let Reply::Overview(o) = call(
        &mut s,
        Command::File(FileCommand::Open {
            path: path.display().to_string(),
        }),
    ) else {
        panic!()
    };
    let problem = o
        .backup_problem
        .expect("the failed backup on open is shown");
    assert!(
        problem.starts_with("Die automatische Sicherung ist fehlgeschlagen"),
        "{problem}"
    );
    assert!(
        problem.contains("in der Projektdatei gespeichert"),
        "{problem}"
    );
    // Work goes on and is saved; the save's change note and the overview keep saying it.
    let Reply::Goals(saved) = call(
        &mut s,
        Command::Goals(GoalsCommand::SaveGoal(
            Goal {
                title: "Trotzdem gespeichert".into(),
                ..Default::default()
            }
            .into(),
        )),
    ) else {
        panic!()
    };
    assert_eq!(saved.written.change.unwrap().backup_problem, Some(problem));
    let Reply::Overview(o) = call(&mut s, Command::Project(ProjectCommand::Overview)) else {
        panic!()
    };
    assert!(o.backup_problem.is_some());
    // "Jetzt sichern" after the folder is free clears it.
    std::fs::remove_file(&blocked).unwrap();
    call(&mut s, Command::Copies(CopiesCommand::BackUpNow));
    let Reply::Overview(o) = call(&mut s, Command::Project(ProjectCommand::Overview)) else {
        panic!()
    };
    assert_eq!(o.backup_problem, None);
    assert_eq!(backup_list(&mut s).len(), 1);
}

#[test]
fn backups_rotate_and_restore_as_a_new_file() {
    let dir = temp();
    let data = dir.path().join("appdaten");
    let path = demo(dir.path());
    let mut s = Session::with_app_data(data.clone());
    call(
        &mut s,
        Command::Copies(CopiesCommand::SaveBackupSettings(
            zukunftskommune::api::BackupSettings {
                keep: 3,
                interval_minutes: 30,
            },
        )),
    );
    call(
        &mut s,
        Command::File(FileCommand::Open {
            path: path.display().to_string(),
        }),
    );
    assert_eq!(backup_list(&mut s).len(), 1, "a backup on open");
    // Edits within the interval make no further backup.
    call(
        &mut s,
        Command::Goals(GoalsCommand::SaveGoal(
            Goal {
                title: "Zwischenstand".into(),
                ..Default::default()
            }
            .into(),
        )),
    );
    assert_eq!(backup_list(&mut s).len(), 1);
    let state = live_state(&mut s);
    for _ in 0..4 {
        call(&mut s, Command::Copies(CopiesCommand::BackUpNow));
    }
    let list = backup_list(&mut s);
    assert_eq!(list.len(), 3, "only the newest three are kept");
    assert!(list[0].file_name > list[1].file_name, "newest first");
    assert!(
        list[0].file_name.ends_with("_Musterstadt.zukunft")
            || list[0].file_name.contains("_Musterstadt_")
    );
    let original = std::fs::read(&path).unwrap();

    let restored = dir.path().join("wiederhergestellt.zukunft");
    let e = call_err(
        &mut s,
        Command::Copies(CopiesCommand::RestoreBackup {
            backup: list[0].path.clone(),
            path: path.display().to_string(),
        }),
    );
    assert_eq!(e.code, ErrorCode::FileExists, "never over an existing file");
    drop(s);
    assert_eq!(std::fs::read(&path).unwrap(), original);

    let mut s = Session::with_app_data(data.clone());
    let Reply::Overview(o) = call(
        &mut s,
        Command::Copies(CopiesCommand::RestoreBackup {
            backup: list[0].path.clone(),
            path: restored.display().to_string(),
        }),
    ) else {
        panic!()
    };
    assert!(o.notice.unwrap_or_default().contains("wiederhergestellt"));
    assert_eq!(live_state(&mut s), state);
    drop(s);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        original,
        "the original is untouched"
    );

    // The CLI lists the same backups.
    let out = std::process::Command::new(crate::common::zukunft_bin())
        .env("ZUKUNFT_DATA_DIR", &data)
        .args(["backups", &path.display().to_string()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.contains(&list[0].path));
}

#[test]
fn a_file_in_a_synced_folder_gets_a_warning() {
    let dir = temp();
    let synced = dir.path().join("OneDrive - Landratsamt");
    std::fs::create_dir_all(&synced).unwrap();
    let (mut s, _) = new_project(&synced, "Wolkenheim");
    let Reply::Overview(o) = call(&mut s, Command::Project(ProjectCommand::Overview)) else {
        panic!()
    };
    let warning = o.location_warning.expect("a warning");
    assert!(warning.contains("OneDrive"), "{warning}");
    // Working on a local copy: the copy opens, without the warning.
    let local = dir.path().join("Wolkenheim.zukunft");
    let Reply::Overview(o) = call(
        &mut s,
        Command::Copies(CopiesCommand::WorkOnLocalCopy {
            path: local.display().to_string(),
        }),
    ) else {
        panic!()
    };
    assert_eq!(o.location_warning, None);
    assert_eq!(PathBuf::from(&o.path), local);
}

#[test]
fn cli_copy_and_merge_into_a_new_file_print_what_they_did() {
    let dir = temp();
    let path = demo(dir.path());
    let zukunft = crate::common::zukunft_bin();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(zukunft)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let copy = dir.path().join("Kopie.zukunft");
    let text = run(&[
        "copy",
        &path.display().to_string(),
        &copy.display().to_string(),
    ]);
    assert!(text.contains("Kopie geprüft"), "{text}");
    {
        let mut c = open(&copy);
        call(
            &mut c,
            Command::Goals(GoalsCommand::SaveGoal(
                Goal {
                    title: "Ziel aus der Kopie".into(),
                    ..Default::default()
                }
                .into(),
            )),
        );
    }
    let original = std::fs::read(&path).unwrap();
    let merged = dir.path().join("Ergebnis.zukunft");
    let text = run(&[
        "merge",
        &path.display().to_string(),
        &copy.display().to_string(),
        "-o",
        &merged.display().to_string(),
        "--prefer",
        "theirs",
    ]);
    assert!(text.contains("+ Ziel: Ziel aus der Kopie (neu)"), "{text}");
    assert!(
        text.contains("Konflikte (in beiden Kopien geändert): 0"),
        "{text}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        original,
        "mine is untouched with -o"
    );
    let mut s = open(&merged);
    assert!(goals(&mut s)
        .goals
        .iter()
        .any(|g| g.title == "Ziel aus der Kopie"));
}

#[test]
fn a_logo_set_in_the_other_copy_arrives_with_its_image() {
    let dir = temp();
    let (mut a, _) = new_project(dir.path(), "Wappenstadt");
    let copy = dir.path().join("Wappenstadt_Kopie.zukunft");
    send_copy(&mut a, &copy, false);
    {
        let mut b = open(&copy);
        call(
            &mut b,
            Command::Strategy(StrategyCommand::SetLogo {
                path: Some(crate::report::png_logo(dir.path()).display().to_string()),
            }),
        );
    }
    let report = merge(&mut a, &copy, vec![]);
    assert_eq!(report.from_theirs.len(), 1, "{:?}", report.from_theirs);
    let st = strategy(&mut a);
    assert_eq!(
        st.settings.logo.map(|l| l.file_name).as_deref(),
        Some("Wappen.png")
    );
    assert!(st.logo_preview.is_some(), "the image came along");
}

#[test]
fn areas_and_measures_numbered_alike_in_both_copies_are_renumbered() {
    let dir = temp();
    let (mut a, _) = new_project(dir.path(), "Doppelzahl");
    let copy = dir.path().join("Doppelzahl_Kopie.zukunft");
    send_copy(&mut a, &copy, false);
    let add = |s: &mut Session, title: &str| {
        let Reply::LifeAreas(v) = call(
            s,
            Command::LifeAreas(LifeAreasCommand::SaveLifeArea(
                LifeArea {
                    title: title.into(),
                    ..Default::default()
                }
                .into(),
            )),
        ) else {
            panic!()
        };
        let area = v
            .areas
            .iter()
            .find(|x| x.area.title == title)
            .unwrap()
            .area
            .clone();
        call(
            s,
            Command::Measures(MeasuresCommand::SaveMeasure(
                Measure {
                    title: format!("Maßnahme für {title}"),
                    life_area_id: Some(area.id),
                    ..Default::default()
                }
                .into(),
            )),
        );
        area.code
    };
    assert_eq!(add(&mut a, "Tourismus"), "LB13");
    {
        let mut b = open(&copy);
        assert_eq!(add(&mut b, "Landwirtschaft"), "LB13");
    }
    let report = merge(&mut a, &copy, vec![]);
    assert_eq!(
        report.renumbered,
        vec![
            "LB13 → LB14 Landwirtschaft".to_string(),
            "M-13-01 → M-14-01 Maßnahme für Landwirtschaft".to_string()
        ]
    );
    let m = measures(&mut a);
    let mut numbers: Vec<&str> = m
        .measures
        .iter()
        .map(|x| x.measure.number.as_str())
        .collect();
    numbers.sort();
    assert_eq!(numbers, ["M-13-01", "M-14-01"]);
}

/// A small deterministic random generator for the randomized merge test (no extra crate).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Random edits, deletions, additions, undo and redo on goals and measures of one copy.
fn random_work(s: &mut Session, rng: &mut Lcg, tag: &str, steps: usize) {
    for step in 0..steps {
        let state = live_state(s);
        let kind = if rng.next(2) == 0 {
            EntityKind::Goal
        } else {
            EntityKind::Measure
        };
        let rows = rows_of(&state, kind);
        match rng.next(10) {
            0..=4 if !rows.is_empty() => {
                let (id, _) = rows[rng.next(rows.len())];
                let field = if kind == EntityKind::Goal {
                    ["title", "description"][rng.next(2)]
                } else {
                    ["title", "goal"][rng.next(2)]
                };
                let mut body = state[&(kind.table().to_string(), id.clone())].clone();
                body[field] = json!(format!("{field} {tag}{step}"));
                save_body(s, kind, body);
            }
            5 if !rows.is_empty() => {
                let (id, _) = rows[rng.next(rows.len())];
                delete(s, kind, &id.clone());
            }
            6 => {
                let body = if kind == EntityKind::Goal {
                    json!({"title": format!("Neues Ziel {tag}{step}")})
                } else {
                    json!({"title": format!("Neue Maßnahme {tag}{step}")})
                };
                save_body(s, kind, body);
            }
            7 => {
                let _ = zukunftskommune::dispatch(s, Command::History(HistoryCommand::Undo));
            }
            8 => {
                let _ = zukunftskommune::dispatch(s, Command::History(HistoryCommand::Redo));
            }
            _ => {}
        }
    }
}

#[test]
fn randomized_divergence_merges_one_sided_changes_exactly_and_twice_changes_nothing() {
    for seed in 1..=4u64 {
        let dir = temp();
        let path = demo(dir.path());
        let copy = dir.path().join("Zufall_Kopie.zukunft");
        let mut a = open(&path);
        send_copy(&mut a, &copy, false);
        let base = live_state(&mut a);
        let mut rng = Lcg(seed);
        {
            let mut b = open(&copy);
            random_work(&mut b, &mut rng, "B", 25);
        }
        random_work(&mut a, &mut rng, "A", 25);
        let state_a = live_state(&mut a);
        let state_b = {
            let mut b = open(&copy);
            live_state(&mut b)
        };
        merge(&mut a, &copy, vec![]);
        let merged = live_state(&mut a);
        let mut seen: BTreeMap<(bool, bool), usize> = BTreeMap::new();
        let keys: std::collections::BTreeSet<_> = base
            .keys()
            .chain(state_a.keys())
            .chain(state_b.keys())
            .cloned()
            .collect();
        for k in keys {
            // Measure numbers may be reassigned by a merge: compare without them.
            let strip = |v: Option<&Value>| {
                v.cloned().map(|mut v| {
                    if let Some(o) = v.as_object_mut() {
                        o.remove("number");
                    }
                    v
                })
            };
            let (b0, a1, b1, m) = (
                strip(base.get(&k)),
                strip(state_a.get(&k)),
                strip(state_b.get(&k)),
                strip(merged.get(&k)),
            );
            let side = (a1 != b0, b1 != b0);
            *seen.entry(side).or_insert(0) += 1;
            match side {
                (false, false) => assert_eq!(m, b0, "seed {seed}: untouched row {k:?}"),
                (true, false) => assert_eq!(m, a1, "seed {seed}: changed only here {k:?}"),
                (false, true) => assert_eq!(m, b1, "seed {seed}: changed only there {k:?}"),
                (true, true) => {
                    // Both changed: each field is one side's value.
                    if let Some(Value::Object(mo)) = &m {
                        for (f, v) in mo {
                            let from_a = a1.as_ref().and_then(|x| x.get(f));
                            let from_b = b1.as_ref().and_then(|x| x.get(f));
                            assert!(
                                Some(v) == from_a || Some(v) == from_b,
                                "seed {seed}: {k:?}.{f} = {v} is from neither copy"
                            );
                        }
                    } else {
                        assert!(m == a1 || m == b1, "seed {seed}: {k:?}");
                    }
                }
            }
        }
        eprintln!("seed {seed}: {seen:?}");
        assert!(
            seen.contains_key(&(true, false)) && seen.contains_key(&(false, true)),
            "seed {seed}: both copies changed something on their own: {seen:?}"
        );
        let again = merge_plan(&mut a, &copy);
        assert!(
            again.from_theirs.is_empty() && again.conflicts.is_empty(),
            "seed {seed}: a second merge would change {:?} / {:?}",
            again.from_theirs,
            again.conflicts
        );
    }
}

#[test]
fn a_copy_open_in_another_window_is_refused_with_a_message() {
    let dir = temp();
    let (mut a, _) = new_project(dir.path(), "Offenstadt");
    let copy = dir.path().join("Offenstadt_Kopie.zukunft");
    send_copy(&mut a, &copy, false);
    let b = open(&copy);
    let e = call_err(
        &mut a,
        Command::Copies(CopiesCommand::MergePreview {
            path: copy.display().to_string(),
            prefer: Prefer::Newer,
        }),
    );
    assert_eq!(e.code, ErrorCode::AlreadyOpen, "{}", e.message);
    drop(b);
    assert!(merge_plan(&mut a, &copy).conflicts.is_empty());
}

/// A colleague's cost change is shown field by field (old → new) before it is taken.
#[test]
fn the_merge_preview_shows_each_change_it_takes_field_by_field() {
    let dir = temp();
    let path = demo(dir.path());
    let theirs_path = dir.path().join("Kollegin.zukunft");
    let mut mine = open(&path);
    send_copy(&mut mine, &theirs_path, false);
    let m = measures(&mut mine)
        .measures
        .into_iter()
        .find(|m| m.measure.number == "M-04-03")
        .unwrap()
        .measure;
    let mut theirs = open(&theirs_path);
    run_json(
        &mut theirs,
        &json!({"measures": {"save_measure": {"id": m.id, "cost_once_cents": 1_500_000, "lead": "Bauamt"}}})
            .to_string(),
    )
    .unwrap();
    drop(theirs);

    let plan = merge_plan(&mut mine, &theirs_path);
    let entry = plan
        .from_theirs
        .iter()
        .find(|e| e.id == m.id)
        .expect("taken");
    assert_eq!(entry.action, MergeAction::Changed);
    let fields: Vec<_> = entry
        .fields
        .iter()
        .map(|f| (f.label.as_str(), f.mine.clone(), f.theirs.clone()))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "Kosten einmalig",
                json!(m.cost_once_cents),
                json!(1_500_000)
            ),
            ("Federführung", json!(m.lead), json!("Bauamt")),
        ]
    );
}

/// Two copies of a project begun without a Projektbeginn both add the Zehn-Monats-Plan: merged,
/// the timeline holds each step once (its id comes from the project and the step).
#[test]
fn a_plan_added_in_two_copies_merges_as_one() {
    let dir = temp();
    let (mut mine, path) = bare_project(dir.path(), "Zweiweg");
    let theirs_path = dir.path().join("Kollegin.zukunft");
    send_copy(&mut mine, &theirs_path, false);
    let mut theirs = open(&theirs_path);
    for s in [&mut mine, &mut theirs] {
        run_json(
            s,
            r#"{"project": {"save_profile": {"start_date": "2027-03-01"}}}"#,
        )
        .unwrap();
        call(s, Command::Goals(GoalsCommand::AddPlan));
    }
    let steps = goals(&mut mine).timeline.len();
    assert!(steps >= 8);
    drop(theirs);
    let report = merge(&mut mine, &theirs_path, Vec::new());
    assert!(report.conflicts.is_empty(), "{report:?}");
    let timeline = goals(&mut mine).timeline;
    assert_eq!(timeline.len(), steps, "{timeline:?}");
    drop(mine);
    assert!(path.exists());
}
