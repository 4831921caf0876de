//! Undo and redo through `dispatch`, across every entity kind.

use std::collections::BTreeSet;

use zukunftskommune::api::*;
use zukunftskommune::model::*;
use zukunftskommune::{Command, ErrorCode, Reply};

use crate::common::*;
use crate::roundtrip::fill_every_kind;

fn delete_one_of_each(s: &mut zukunftskommune::Session) {
    let g = goals(s);
    for (kind, id) in [
        (EntityKind::Goal, g.goals[0].id),
        (EntityKind::TimelineEntry, g.timeline[0].id),
        (EntityKind::Stakeholder, g.stakeholders[0].id),
    ] {
        call(s, Command::Goals(GoalsCommand::Delete { kind, id }));
    }
    let c = check(s);
    let answered = c
        .dimensions
        .iter()
        .flat_map(|d| &d.items)
        .find_map(|i| i.answer.clone())
        .unwrap();
    let custom_item = c
        .dimensions
        .iter()
        .flat_map(|d| &d.items)
        .find(|i| i.item.key == "B99")
        .unwrap()
        .item
        .id;
    for (kind, id) in [
        (EntityKind::CheckAnswer, answered.id),
        (EntityKind::CheckItem, custom_item),
        (EntityKind::OzgService, c.ozg_services[0].id),
        (EntityKind::KeyFigure, c.key_figures[0].id),
        (EntityKind::SwotEntry, c.swot[0].id),
        (EntityKind::DigitalOffer, c.digital_offers[0].id),
    ] {
        call(s, Command::Check(CheckCommand::Delete { kind, id }));
    }
    let m = measures(s);
    call(
        s,
        Command::Measures(MeasuresCommand::Delete {
            kind: EntityKind::Measure,
            id: m.measures[0].measure.id,
        }),
    );
    call(
        s,
        Command::Measures(MeasuresCommand::Delete {
            kind: EntityKind::Idea,
            id: m.ideas[0].id,
        }),
    );
    let a = areas(s);
    let custom = a.areas.iter().find(|a| a.area.code == "LB13").unwrap();
    call(
        s,
        Command::LifeAreas(LifeAreasCommand::Delete {
            kind: EntityKind::LifeAreaVote,
            id: custom.votes[0].id,
        }),
    );
    call(
        s,
        Command::LifeAreas(LifeAreasCommand::Delete {
            kind: EntityKind::LifeArea,
            id: custom.area.id,
        }),
    );
    let event = goals(s).events[0].id;
    call(
        s,
        Command::Goals(GoalsCommand::Delete {
            kind: EntityKind::Event,
            id: event,
        }),
    );
    let st = strategy(s);
    call(
        s,
        Command::Strategy(StrategyCommand::Delete {
            kind: EntityKind::Draft,
            id: st.drafts[0].id,
        }),
    );
    call(
        s,
        Command::Strategy(StrategyCommand::Delete {
            kind: EntityKind::Section,
            id: st.sections[1].id,
        }),
    );
}

#[test]
fn undo_and_redo_walk_back_and_forth_through_every_kind() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Zeitreise");
    let start = live_state(&mut s);
    let e = call_err(&mut s, Command::History(HistoryCommand::Undo));
    assert_eq!(
        e.code,
        ErrorCode::NothingToUndo,
        "creating a project is not undoable"
    );

    fill_every_kind(&mut s, "erster Stand");
    delete_one_of_each(&mut s);
    let end = live_state(&mut s);

    let mut undo_states = vec![end.clone()];
    let mut touched = BTreeSet::new();
    loop {
        match zukunftskommune::dispatch(&mut s, Command::History(HistoryCommand::Undo)) {
            Ok(Reply::Changed(info)) => {
                touched.extend(info.kinds);
                undo_states.push(live_state(&mut s));
            }
            Ok(r) => panic!("unexpected {r:?}"),
            Err(e) => {
                assert_eq!(e.code, ErrorCode::NothingToUndo);
                break;
            }
        }
    }
    assert_eq!(
        undo_states.last(),
        Some(&start),
        "undoing everything returns to the new project"
    );
    for kind in EntityKind::ALL {
        assert!(touched.contains(&kind), "undo never touched {kind:?}");
    }

    let mut redo_states = vec![start.clone()];
    while let Ok(Reply::Changed(_)) =
        zukunftskommune::dispatch(&mut s, Command::History(HistoryCommand::Redo))
    {
        redo_states.push(live_state(&mut s));
    }
    redo_states.reverse();
    assert_eq!(redo_states.len(), undo_states.len());
    for (i, (u, r)) in undo_states.iter().zip(&redo_states).enumerate() {
        assert!(u == r, "state {i} differs between undo and redo");
    }
    assert_eq!(live_state(&mut s), end);
}

#[test]
fn a_new_change_after_undo_discards_the_redo_step() {
    let dir = temp();
    let (mut s, path) = new_project(dir.path(), "Verzweigung");
    for title in ["A", "B"] {
        call(
            &mut s,
            Command::Goals(GoalsCommand::SaveGoal(
                Goal {
                    title: title.into(),
                    ..Default::default()
                }
                .into(),
            )),
        );
    }
    let Reply::Changed(info) = call(&mut s, Command::History(HistoryCommand::Undo)) else {
        panic!()
    };
    assert_eq!(info.label, "Ziel angelegt");
    assert_eq!(info.bausteine, vec![1]);
    let Reply::History(h) = call(&mut s, Command::History(HistoryCommand::State)) else {
        panic!()
    };
    assert_eq!(h.redo_label.as_deref(), Some("Ziel angelegt"));
    call(
        &mut s,
        Command::Goals(GoalsCommand::SaveGoal(
            Goal {
                title: "C".into(),
                ..Default::default()
            }
            .into(),
        )),
    );
    let e = call_err(&mut s, Command::History(HistoryCommand::Redo));
    assert_eq!(e.code, ErrorCode::NothingToUndo);
    let titles: Vec<String> = goals(&mut s).goals.into_iter().map(|g| g.title).collect();
    assert_eq!(titles, vec!["A", "C"]);
    // Undo history is part of the file: it survives reopening.
    drop(s);
    let mut s = open(&path);
    call(&mut s, Command::History(HistoryCommand::Undo));
    let titles: Vec<String> = goals(&mut s).goals.into_iter().map(|g| g.title).collect();
    assert_eq!(titles, vec!["A"]);
}

/// Undo writes back journal images; they are checked like a save, so a crafted or damaged
/// journal (a bound broken, a profile deleted) cannot put an invalid row into the project.
#[test]
fn undo_and_redo_write_back_only_valid_rows() {
    let dir = temp();
    let (mut s, path) = new_project(dir.path(), "Journalheim");
    let Reply::Goals(v) = call(
        &mut s,
        Command::Goals(GoalsCommand::SaveGoal(
            Goal {
                title: "Erstfassung".into(),
                ..Default::default()
            }
            .into(),
        )),
    ) else {
        panic!()
    };
    let goal = v.written.saved.unwrap();
    call(
        &mut s,
        Command::Goals(GoalsCommand::SaveGoal(
            serde_json::from_value(serde_json::json!({"id": goal, "title": "Zweitfassung"}))
                .unwrap(),
        )),
    );
    drop(s);
    // The image undo would restore gets an empty title (a goal must have one).
    sqlite3(
        &path,
        &format!(
            "UPDATE journal SET before = json_set(before, '$.body.title', '') \
             WHERE entity_id = '{goal}' AND before IS NOT NULL;"
        ),
    );
    let before = std::fs::read(&path).unwrap();
    let mut s = open(&path);
    let e = call_err(&mut s, Command::History(HistoryCommand::Undo));
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(
        e.message.contains("lässt sich nicht rückgängig machen") && e.message.contains("Ziel"),
        "{}",
        e.message
    );
    let goals_now = goals(&mut s).goals;
    assert!(goals_now.iter().any(|g| g.title == "Zweitfassung"));
    drop(s);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is unchanged"
    );

    // A redo that would delete the profile is refused as well.
    sqlite3(
        &path,
        "INSERT INTO change_set (label, at, state) VALUES ('Profil gelöscht', '2026-11-01T10:00:00+00:00', 'undone'); \
         INSERT INTO journal (change_id, kind, entity_id, before, after) \
           SELECT (SELECT max(id) FROM change_set), 'profile', id, \
                  json_object('body', json(body), 'deleted', json('false')), \
                  json_object('body', json(body), 'deleted', json('true')) FROM profile;",
    );
    let mut s = open(&path);
    let e = call_err(&mut s, Command::History(HistoryCommand::Redo));
    assert!(
        e.message.contains("lässt sich nicht wiederholen"),
        "{}",
        e.message
    );
    assert!(matches!(
        call(&mut s, Command::Project(ProjectCommand::Info)),
        Reply::Info(_)
    ));
}

/// A save replies with its Baustein's view and a note of what it changed (kinds, Bausteine,
/// the header's undo state and the sidebar's progress), so the window needs no overview call;
/// reading and saving an unchanged row carry no note.
#[test]
fn a_change_says_what_it_touched() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    let note_of = |reply: Reply| match reply {
        Reply::Goals(v) => v.written.change,
        Reply::Check(v) => v.written.change,
        Reply::LifeAreas(v) => v.written.change,
        Reply::Measures(v) => v.written.change,
        Reply::Strategy(v) => v.written.change,
        r => panic!("unexpected {r:?}"),
    };
    assert!(note_of(call(&mut s, Command::Measures(MeasuresCommand::Get))).is_none());

    let mut m = measures(&mut s).measures[0].measure.clone();
    m.title = "Digitale Bauakte für alle Ortsteile".into();
    let note = note_of(call(
        &mut s,
        Command::Measures(MeasuresCommand::SaveMeasure(m.clone().into())),
    ))
    .expect("a save that wrote says so");
    assert_eq!(note.change.kinds, [EntityKind::Measure]);
    assert_eq!(note.change.bausteine, [4]);
    assert_eq!(
        note.history.undo_label.as_deref(),
        Some(note.change.label.as_str())
    );
    let overview = match call(&mut s, Command::Project(ProjectCommand::Overview)) {
        Reply::Overview(o) => o,
        r => panic!("unexpected {r:?}"),
    };
    assert_eq!(note.history, overview.history);
    assert_eq!(
        serde_json::to_value(&note.progress).unwrap(),
        serde_json::to_value(&overview.progress).unwrap(),
        "the note's progress is the overview's"
    );

    // The same row again writes nothing and notes nothing.
    assert!(note_of(call(
        &mut s,
        Command::Measures(MeasuresCommand::SaveMeasure(m.into()))
    ))
    .is_none());

    // Deleting an event takes its votes (Baustein 3) along.
    let event = areas(&mut s)
        .areas
        .iter()
        .flat_map(|a| &a.votes)
        .find(|v| v.votes > 0)
        .map(|v| v.event_id)
        .expect("the demo has votes");
    let note = note_of(call(
        &mut s,
        Command::Goals(GoalsCommand::Delete {
            kind: EntityKind::Event,
            id: event,
        }),
    ))
    .unwrap();
    assert!(
        note.change.bausteine.starts_with(&[1, 3]),
        "{:?}",
        note.change
    );
    assert!(note.change.kinds.contains(&EntityKind::LifeAreaVote));

    // A batch is one change: its replies carry no note of their own.
    let Reply::Batch(replies) = call(
        &mut s,
        Command::Batch(vec![BatchStep {
            line: 1,
            command: Command::Goals(GoalsCommand::SaveGoal(
                Goal {
                    title: "Verwaltung papierlos bis 2030".into(),
                    ..Goal::default()
                }
                .into(),
            )),
        }]),
    ) else {
        panic!("batch reply")
    };
    assert!(replies.into_iter().all(|r| note_of(r).is_none()));
}
