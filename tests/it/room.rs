//! The room's phones as the core sees them (`room.prepare`, `room.add_dots`): what a session
//! shows, how its dots arrive in the file, and that one undo takes a session's dots back.

use uuid::Uuid;
use zukunftskommune::api::*;
use zukunftskommune::model::*;
use zukunftskommune::{Command, ErrorCode, Reply, Session};

use crate::common::*;

fn prepare(s: &mut Session, mode: RoomMode, event_id: Option<Uuid>) -> RoomPlan {
    match call(
        s,
        Command::Room(RoomCommand::Prepare {
            event_id,
            mode,
            today: Some("2027-03-12".into()),
        }),
    ) {
        Reply::RoomPlan(plan) => plan,
        other => panic!("room plan expected, got {other:?}"),
    }
}

fn add(
    s: &mut Session,
    session: Uuid,
    event: Uuid,
    target: RoomTarget,
    dots: &[(Uuid, i32)],
) -> Vec<Uuid> {
    let dots = dots
        .iter()
        .map(|&(id, delta)| RoomDots { id, delta })
        .collect();
    match call(
        s,
        Command::Room(RoomCommand::AddDots {
            session,
            event_id: event,
            target,
            dots,
        }),
    ) {
        Reply::RoomDots(r) => r.skipped,
        other => panic!("room dots expected, got {other:?}"),
    }
}

fn undo(s: &mut Session) -> String {
    match call(s, Command::History(HistoryCommand::Undo)) {
        Reply::Changed(c) => c.label,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_session_without_event_creates_the_day_s_workshop_and_lists_what_the_room_votes_on() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let events_before = goals(&mut s).events.len();
    let plan = prepare(&mut s, RoomMode::VoteLifeAreas, None);
    let g = goals(&mut s);
    assert_eq!(g.events.len(), events_before + 1);
    let event = g.events.iter().find(|e| e.id == plan.event_id).unwrap();
    assert_eq!(event.format, EventFormat::Zukunftswerkstatt);
    assert_eq!(
        plan.event_label,
        "Zukunftswerkstatt (Abstimmung per Handy), 12.03.2027"
    );
    let selected: Vec<String> = areas(&mut s)
        .areas
        .iter()
        .filter(|a| a.area.selected && a.area.code != "Q")
        .map(|a| a.area.title.clone())
        .collect();
    let labels: Vec<String> = plan.items.iter().map(|i| i.label.clone()).collect();
    assert_eq!(
        labels, selected,
        "the selected areas in their order, without Querschnitt"
    );

    // A named event is used as it is; measures show number and title, with their dots so far.
    let m = measures(&mut s);
    let plan = prepare(&mut s, RoomMode::VoteMeasures, Some(plan.event_id));
    assert_eq!(
        goals(&mut s).events.len(),
        events_before + 1,
        "no second event"
    );
    assert_eq!(plan.items.len(), m.measures.len());
    assert_eq!(plan.items[0].number, m.measures[0].measure.number);
    assert_eq!(plan.items[0].label, m.measures[0].measure.title);

    // Ideas of one area, without the discarded ones.
    let area = m.ideas.iter().find_map(|i| i.life_area_id).unwrap();
    let plan = prepare(
        &mut s,
        RoomMode::VoteIdeas {
            life_area_id: Some(area),
        },
        Some(plan.event_id),
    );
    let expected: Vec<&Idea> = m
        .ideas
        .iter()
        .filter(|i| i.life_area_id == Some(area) && i.status != IdeaStatus::Verworfen)
        .collect();
    assert_eq!(plan.items.len(), expected.len());
    assert!(plan
        .items
        .iter()
        .all(|i| expected.iter().any(|e| e.id == i.id && e.votes == i.votes)));

    // Collecting shows the area's Zielbild and no items.
    let plan = prepare(
        &mut s,
        RoomMode::Collect { life_area_id: area },
        Some(plan.event_id),
    );
    assert!(plan.items.is_empty());
    assert!(plan.heading.starts_with("Ideen für „"), "{}", plan.heading);
}

#[test]
fn dots_add_up_per_item_and_event_never_below_zero_and_one_undo_takes_the_session_back() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let plan = prepare(&mut s, RoomMode::VoteMeasures, None);
    let event = plan.event_id;
    let (m1, m2) = (plan.items[0].id, plan.items[1].id);
    let session = Uuid::now_v7();
    let before = measures(&mut s);
    let votes_of = |v: &MeasuresView, id: Uuid| {
        v.measures
            .iter()
            .find(|m| m.measure.id == id)
            .unwrap()
            .votes
    };

    assert!(add(
        &mut s,
        session,
        event,
        RoomTarget::Measures,
        &[(m1, 3), (m2, 1)]
    )
    .is_empty());
    assert!(add(
        &mut s,
        session,
        event,
        RoomTarget::Measures,
        &[(m1, 2), (m2, -1)]
    )
    .is_empty());
    // Taking back more than was placed stops at 0.
    add(&mut s, session, event, RoomTarget::Measures, &[(m2, -5)]);
    let after = measures(&mut s);
    assert_eq!(votes_of(&after, m1), votes_of(&before, m1) + 5);
    assert_eq!(votes_of(&after, m2), 0);
    // The dots are a count per measure and event, as typed in by hand (`set_votes` sees them).
    call(
        &mut s,
        Command::Measures(MeasuresCommand::SetVotes {
            measure_id: m1,
            event_id: event,
            votes: 7,
        }),
    );
    assert_eq!(votes_of(&measures(&mut s), m1), 7);
    undo(&mut s);
    assert_eq!(votes_of(&measures(&mut s), m1), 5);

    // The three calls of the session are one undo step.
    assert_eq!(undo(&mut s), "Punkte per Handy für Maßnahmen");
    let undone = measures(&mut s);
    assert_eq!(votes_of(&undone, m1), votes_of(&before, m1));
    assert_eq!(votes_of(&undone, m2), votes_of(&before, m2));
    // Redo brings all of them back.
    call(&mut s, Command::History(HistoryCommand::Redo));
    assert_eq!(votes_of(&measures(&mut s), m1), 5);

    // Another change in between starts a new step: undo takes only the dots after it.
    call(
        &mut s,
        Command::Measures(MeasuresCommand::SaveIdea(
            Idea {
                text: "Zwischendurch angenommen".into(),
                ..Default::default()
            }
            .into(),
        )),
    );
    add(&mut s, session, event, RoomTarget::Measures, &[(m1, 1)]);
    assert_eq!(votes_of(&measures(&mut s), m1), 6);
    undo(&mut s);
    assert_eq!(
        votes_of(&measures(&mut s), m1),
        5,
        "only the dot after the idea"
    );
    // A second session never continues the first one's step.
    let other = Uuid::now_v7();
    add(&mut s, other, event, RoomTarget::Measures, &[(m1, 1)]);
    add(&mut s, session, event, RoomTarget::Measures, &[(m1, 1)]);
    undo(&mut s);
    assert_eq!(votes_of(&measures(&mut s), m1), 6);
}

#[test]
fn dots_on_areas_and_ideas_land_where_hand_entered_ones_are() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let plan = prepare(&mut s, RoomMode::VoteLifeAreas, None);
    let area = plan.items[0].id;
    call(
        &mut s,
        Command::LifeAreas(LifeAreasCommand::SetVotes {
            life_area_id: area,
            event_id: plan.event_id,
            votes: 4,
        }),
    );
    add(
        &mut s,
        Uuid::now_v7(),
        plan.event_id,
        RoomTarget::LifeAreas,
        &[(area, 3)],
    );
    let view = areas(&mut s);
    let a = view.areas.iter().find(|a| a.area.id == area).unwrap();
    let at_event: Vec<u32> = a
        .votes
        .iter()
        .filter(|v| v.event_id == plan.event_id)
        .map(|v| v.votes)
        .collect();
    assert_eq!(at_event, vec![7], "one row per area and event, counted on");

    let plan = prepare(
        &mut s,
        RoomMode::VoteIdeas { life_area_id: None },
        Some(plan.event_id),
    );
    let idea = &plan.items[0];
    let session = Uuid::now_v7();
    add(
        &mut s,
        session,
        plan.event_id,
        RoomTarget::Ideas,
        &[(idea.id, 2)],
    );
    let stored = measures(&mut s)
        .ideas
        .into_iter()
        .find(|i| i.id == idea.id)
        .unwrap();
    assert_eq!(stored.votes, idea.votes + 2);

    // An item deleted meanwhile is named, its dots dropped; the others still count.
    let gone = plan.items[1].id;
    call(
        &mut s,
        Command::Measures(MeasuresCommand::Delete {
            kind: EntityKind::Idea,
            id: gone,
        }),
    );
    let skipped = add(
        &mut s,
        session,
        plan.event_id,
        RoomTarget::Ideas,
        &[(gone, 1), (idea.id, 1)],
    );
    assert_eq!(skipped, vec![gone]);
    let stored = measures(&mut s)
        .ideas
        .into_iter()
        .find(|i| i.id == idea.id)
        .unwrap();
    assert_eq!(stored.votes, idea.votes + 3);
}

#[test]
fn deleting_the_event_or_the_measure_takes_its_dots_along_and_bad_sessions_are_refused() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    let plan = prepare(&mut s, RoomMode::VoteMeasures, None);
    let (m1, m2) = (plan.items[0].id, plan.items[1].id);
    add(
        &mut s,
        Uuid::now_v7(),
        plan.event_id,
        RoomTarget::Measures,
        &[(m1, 2), (m2, 3)],
    );
    call(
        &mut s,
        Command::Measures(MeasuresCommand::Delete {
            kind: EntityKind::Measure,
            id: m1,
        }),
    );
    let votes_left = |s: &mut Session| {
        live_state(s)
            .keys()
            .filter(|(table, _)| table == "measure_vote")
            .count()
    };
    assert_eq!(votes_left(&mut s), 1);
    call(
        &mut s,
        Command::Goals(GoalsCommand::Delete {
            kind: EntityKind::Event,
            id: plan.event_id,
        }),
    );
    assert_eq!(votes_left(&mut s), 0);

    // Dots for an event that does not exist, and a vote with nothing to vote on.
    let e = call_err(
        &mut s,
        Command::Room(RoomCommand::AddDots {
            session: Uuid::now_v7(),
            event_id: Uuid::now_v7(),
            target: RoomTarget::Measures,
            dots: vec![RoomDots { id: m2, delta: 1 }],
        }),
    );
    assert_eq!(e.code, ErrorCode::NotFound);
    let dir2 = temp();
    let (mut empty, _) = new_project(dir2.path(), "Leerdorf");
    let e = call_err(
        &mut empty,
        Command::Room(RoomCommand::Prepare {
            event_id: None,
            mode: RoomMode::VoteMeasures,
            today: None,
        }),
    );
    assert!(
        e.message.contains("nichts, worüber abgestimmt"),
        "{}",
        e.message
    );
    assert!(
        goals(&mut empty).events.is_empty(),
        "a refused session creates no event"
    );
    // The file with its votes gone passes every opening check.
    drop(s);
    let Reply::FileCheck(_) = call(
        &mut Session::new(),
        Command::File(FileCommand::Check {
            path: path.display().to_string(),
        }),
    ) else {
        panic!("file check expected")
    };
}

#[test]
fn the_room_s_dots_appear_in_the_report_s_participation_chapter() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let plan = prepare(&mut s, RoomMode::VoteMeasures, None);
    let measure = plan.items[3].clone();
    add(
        &mut s,
        Uuid::now_v7(),
        plan.event_id,
        RoomTarget::Measures,
        &[(measure.id, 17)],
    );
    let pdf = dir.path().join("Strategie.pdf");
    crate::report::report(&mut s, &pdf, Some(false));
    let text = crate::common::squeeze(&crate::report::text_of(&pdf, 1, 400));
    let at = text
        .find(&crate::common::squeeze(
            "Punktabfragen in den Veranstaltungen",
        ))
        .expect("the dot votes table");
    let table = &text[at..];
    // The event's title may wrap in its column; the row's other cells follow it.
    let row = crate::common::squeeze(&format!("Maßnahme {} {} 17", measure.number, measure.label));
    let cell = table
        .find(&row)
        .unwrap_or_else(|| panic!("{row} not in {table:.1500}"));
    assert!(
        table[..cell].ends_with("Zukunftswerkstatt(Abstimmung"),
        "{table:.1500}"
    );
}

fn print(
    s: &mut Session,
    path: &std::path::Path,
    area: Option<Uuid>,
) -> Result<PrintedSheets, zukunftskommune::ApiError> {
    zukunftskommune::dispatch(
        s,
        Command::Room(RoomCommand::PrintSheets {
            path: path.display().to_string(),
            life_area_id: area,
            cards: Some(6),
            today: Some("2027-03-12".into()),
        }),
    )
    .map(|r| match r {
        Reply::RoomSheets(p) => p,
        other => panic!("{other:?}"),
    })
}

#[test]
fn the_paper_sheets_number_ideas_and_measures_as_the_entry_of_counted_dots_does() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    let view = areas(&mut s);
    let lb01 = view
        .areas
        .iter()
        .find(|a| a.area.code == "LB01")
        .unwrap()
        .area
        .clone();
    let pdf = dir.path().join("Bögen LB01.pdf");
    let printed = print(&mut s, &pdf, Some(lb01.id)).unwrap();
    assert!(
        printed.pages >= 3,
        "cards, ideas, measures: {}",
        printed.pages
    );
    crate::report::tool("qpdf", &["--check", &pdf.display().to_string()]);
    let text = crate::common::squeeze(&crate::report::text_of(&pdf, 1, printed.pages));
    for n in 1..=6 {
        assert!(text.contains(&format!("IdeeNr.LB01{n:02}")), "card {n}");
    }
    // The numbers of the dot sheet are those the entry of counted dots shows for this area.
    let ideas = prepare(
        &mut s,
        RoomMode::VoteIdeas {
            life_area_id: Some(lb01.id),
        },
        None,
    )
    .items;
    let mut rest = text.as_str();
    for item in &ideas {
        let row = crate::common::squeeze(&format!("{} {}", item.number, item.label));
        let at = rest
            .find(&row)
            .unwrap_or_else(|| panic!("{row} (in order) not in the sheet"));
        rest = &rest[at + row.len()..];
    }
    let measures = measures(&mut s);
    for m in measures
        .measures
        .iter()
        .filter(|m| m.measure.number.starts_with("M-01-"))
    {
        assert!(text.contains(&crate::common::squeeze(&format!(
            "{} {}",
            m.measure.number, m.measure.title
        ))));
    }
    assert!(!text.contains("M0201"), "only the area's measures");
    assert!(
        !text.contains("RangfolgederLebensbereiche"),
        "no ranking for one area"
    );

    // Every selected area, with the ranking sheet at the end; the same bytes again.
    let all = dir.path().join("Bögen.pdf");
    let printed = print(&mut s, &all, None).unwrap();
    let text = crate::common::squeeze(&crate::report::text_of(&all, 1, printed.pages));
    for a in view.areas.iter().filter(|a| a.area.selected) {
        assert!(
            text.contains(&crate::common::squeeze(&format!(
                "{} {}: Ideenkarten",
                a.area.code, a.area.title
            ))),
            "{}",
            a.area.code
        );
    }
    assert!(text.contains("RangfolgederLebensbereiche"));
    let first = std::fs::read(&all).unwrap();
    print(&mut s, &all, None).unwrap();
    assert_eq!(std::fs::read(&all).unwrap(), first, "deterministic");

    // Refused targets write nothing; the project is unchanged.
    let before = std::fs::read(&path).unwrap();
    for bad in [
        path.clone(),
        dir.path().join("Bögen.docx"),
        dir.path().to_path_buf(),
    ] {
        let e = print(&mut s, &bad, None).unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid, "{}", e.message);
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let e = call_err(
        &mut s,
        Command::Room(RoomCommand::PrintSheets {
            path: all.display().to_string(),
            life_area_id: None,
            cards: Some(0),
            today: None,
        }),
    );
    assert!(e.message.contains("Ideenkarten"), "{}", e.message);
}

#[test]
fn counted_dots_typed_in_from_paper_are_one_undo_step() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let plan = prepare(&mut s, RoomMode::VoteLifeAreas, None);
    // The consultant types the counts of the sheet; a correction sends the difference.
    let typing = Uuid::now_v7();
    let (a, b) = (plan.items[0].id, plan.items[1].id);
    add(
        &mut s,
        typing,
        plan.event_id,
        RoomTarget::LifeAreas,
        &[(a, 7)],
    );
    add(
        &mut s,
        typing,
        plan.event_id,
        RoomTarget::LifeAreas,
        &[(b, 4)],
    );
    add(
        &mut s,
        typing,
        plan.event_id,
        RoomTarget::LifeAreas,
        &[(a, -1)],
    );
    let at_event = |s: &mut Session, id: Uuid| -> u32 {
        areas(s)
            .areas
            .iter()
            .find(|v| v.area.id == id)
            .unwrap()
            .votes
            .iter()
            .filter(|v| v.event_id == plan.event_id)
            .map(|v| v.votes)
            .sum()
    };
    assert_eq!((at_event(&mut s, a), at_event(&mut s, b)), (6, 4));
    undo(&mut s);
    assert_eq!((at_event(&mut s, a), at_event(&mut s, b)), (0, 0));
}
