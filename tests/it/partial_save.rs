//! A save names only what it changes: for every entity kind a save with the id and one field
//! changes that field and nothing else, a misspelled field is refused by name, undo restores.

use serde_json::{json, Value};
use zukunftskommune::api::{parse_command, HistoryCommand};
use zukunftskommune::{dispatch, Command, ErrorCode};

use crate::common::*;
use crate::roundtrip::fill_every_kind;

/// The command that saves a row of `table`, as JSON: (Baustein command, save variant).
fn save_command(table: &str) -> Option<(&'static str, &'static str)> {
    Some(match table {
        "profile" => ("project", "save_profile"),
        "goal" => ("goals", "save_goal"),
        "timeline_entry" => ("goals", "save_timeline_entry"),
        "stakeholder" => ("goals", "save_stakeholder"),
        "event" => ("goals", "save_event"),
        "check_dimension" => ("check", "save_dimension"),
        "check_item" => ("check", "save_item"),
        "check_answer" => ("check", "save_answer"),
        "ozg_service" => ("check", "save_ozg_service"),
        "key_figure" => ("check", "save_key_figure"),
        "swot_entry" => ("check", "save_swot_entry"),
        "digital_offer" => ("check", "save_digital_offer"),
        "life_area" => ("life_areas", "save_life_area"),
        "idea" => ("measures", "save_idea"),
        "measure" => ("measures", "save_measure"),
        "section" => ("strategy", "save_section"),
        "adoption" => ("implementation", "save_adoption"),
        "kpi" => ("implementation", "save_kpi"),
        "kpi_value" => ("implementation", "save_kpi_value"),
        "status_round" => ("implementation", "save_round"),
        "status_entry" => ("implementation", "save_entry"),
        "report_settings" => ("strategy", "save_settings"),
        // Votes are set per area (measure) and event, drafts are records of generated reports.
        // A baseline is frozen by the adoption and never saved.
        "life_area_vote" | "measure_vote" | "draft" | "baseline" => return None,
        other => panic!("no save command known for {other}"),
    })
}

/// Sends a save; returns the id the reply names as saved.
fn send(
    s: &mut zukunftskommune::Session,
    table: &str,
    fields: Value,
) -> Result<Option<String>, zukunftskommune::ApiError> {
    let (outer, inner) = save_command(table).expect("saveable");
    let command = parse_command(&json!({ outer: { inner: fields } }).to_string()).expect("parses");
    dispatch(s, command).map(|reply| {
        serde_json::to_value(&reply).expect("json")["data"]["saved"]
            .as_str()
            .map(String::from)
    })
}

#[test]
fn a_save_changes_only_the_fields_it_names_for_every_kind() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Teilweise");
    fill_every_kind(&mut s, "Ursprünglicher Text");
    let mut tested = Vec::new();
    let state = live_state(&mut s);
    let mut tables: Vec<&String> = state.keys().map(|(t, _)| t).collect();
    tables.dedup();
    for table in tables {
        if save_command(table).is_none() {
            continue;
        }
        let ((_, id), before) = state.iter().find(|((t, _), _)| t == table).expect("a row");
        let before_state = live_state(&mut s);
        // The first text field that accepts a new value (some are validated formats).
        let fields: Vec<String> = before
            .as_object()
            .expect("object")
            .iter()
            .filter(|(k, v)| v.is_string() && k.as_str() != "id" && k.as_str() != "number")
            .map(|(k, _)| k.clone())
            .collect();
        let changed = fields.iter().find_map(|field| {
            send(
                &mut s,
                table,
                json!({ "id": id, field.as_str(): "Geändert durch Teilbefehl" }),
            )
            .ok()
            .map(|saved| (field, saved))
        });
        let Some((field, saved)) = changed else {
            panic!("{table}: no text field could be saved alone ({fields:?})");
        };
        if table != "profile" {
            // The profile's reply is the overview; its id is fixed anyway.
            assert_eq!(
                saved.as_ref(),
                Some(id),
                "{table}: the reply names the saved row"
            );
        }
        let after_state = live_state(&mut s);
        for (key, body) in &after_state {
            if key == &(table.clone(), id.clone()) {
                let mut expected = before.clone();
                expected[field.as_str()] = json!("Geändert durch Teilbefehl");
                assert_eq!(body, &expected, "{table}: only „{field}“ changes");
            } else {
                assert_eq!(
                    Some(body),
                    before_state.get(key),
                    "{table}: other rows keep their state"
                );
            }
        }

        // A field the row does not have is refused by name; nothing changes.
        let e = send(
            &mut s,
            table,
            json!({ "id": id, "titel_mit_tippfehler": "x" }),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert!(
            e.message.contains("„titel_mit_tippfehler“"),
            "{table}: {}",
            e.message
        );
        assert_eq!(live_state(&mut s), after_state);

        // Undo restores the row as it was.
        call(&mut s, Command::History(HistoryCommand::Undo));
        assert_eq!(live_state(&mut s), before_state, "{table}: undo restores");
        tested.push(table.clone());
    }
    assert_eq!(
        tested.len(),
        22,
        "every saveable kind was tested: {tested:?}"
    );
}

#[test]
fn a_measure_saved_with_only_a_new_title_keeps_its_steckbrief() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    let m = measures(&mut s)
        .measures
        .into_iter()
        .find(|m| m.measure.life_area_id.is_some() && m.measure.cost_once_cents.is_some())
        .expect("a measure with area and costs")
        .measure;
    send(
        &mut s,
        "measure",
        json!({ "id": m.id, "title": "Neuer Titel" }),
    )
    .expect("saved");
    let after = measures(&mut s)
        .measures
        .into_iter()
        .find(|v| v.measure.id == m.id)
        .expect("still there")
        .measure;
    assert_eq!(after.title, "Neuer Titel");
    assert_eq!(after.number, m.number, "not renumbered");
    assert_eq!(
        after.life_area_id, m.life_area_id,
        "not moved to Querschnitt"
    );
    assert_eq!(after.cost_once_cents, m.cost_once_cents);
    assert_eq!(after.start_quarter, m.start_quarter);
    assert_eq!(after.funding_programme, m.funding_programme);

    // null empties a field; a wrongly typed value names the field in German.
    send(
        &mut s,
        "measure",
        json!({ "id": m.id, "funding_programme": null }),
    )
    .expect("saved");
    let e = send(&mut s, "measure", json!({ "id": m.id, "effort": "viel" })).unwrap_err();
    assert!(
        e.message.contains("effort") && e.message.contains("ganze Zahl"),
        "{}",
        e.message
    );
}

#[test]
fn the_reply_to_a_new_row_names_its_id_so_a_script_can_refer_to_it() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Verweise");
    let measure = send(&mut s, "measure", json!({ "title": "Neue Maßnahme" }))
        .expect("saved")
        .expect("id of the new measure");
    let event = send(&mut s, "event", json!({ "title": "Zukunftswerkstatt" }))
        .expect("saved")
        .expect("id of the new event");
    let idea = send(
        &mut s,
        "idea",
        json!({ "text": "WLAN im Rathaus", "event_id": event, "measure_id": measure }),
    )
    .expect("the new ids are accepted as references")
    .expect("id of the new idea");
    let view = measures(&mut s);
    let stored = view
        .ideas
        .iter()
        .find(|i| i.id.to_string() == idea)
        .expect("idea stored under the named id");
    assert_eq!(stored.event_id.map(|e| e.to_string()), Some(event));
    assert_eq!(
        stored.measure_id.map(|m| m.to_string()),
        Some(measure.clone())
    );

    // Promoting an idea names the measure it created; reading a view names nothing.
    let other = send(&mut s, "idea", json!({ "text": "Digitale Bauakte" }))
        .expect("saved")
        .expect("id");
    let reply = dispatch(
        &mut s,
        parse_command(&json!({ "measures": { "promote_idea": { "idea_id": other } } }).to_string())
            .expect("parses"),
    )
    .expect("promoted");
    let reply = serde_json::to_value(&reply).expect("json");
    let created = reply["data"]["saved"].as_str().expect("saved id");
    let promoted = reply["data"]["measures"]
        .as_array()
        .expect("measures")
        .iter()
        .find(|m| m["measure"]["id"] == created)
        .expect("the created measure");
    assert_eq!(promoted["measure"]["title"], "Digitale Bauakte");
    let get = dispatch(
        &mut s,
        parse_command(r#"{"measures": "get"}"#).expect("parses"),
    )
    .expect("view");
    assert!(serde_json::to_value(&get).expect("json")["data"]
        .get("saved")
        .is_none());
}

/// The check view counts answered items per dimension in the core (an IST level or „k. A.“;
/// a SOLL alone is not an answer), so the window shows the same number as the overview.
#[test]
fn the_check_view_counts_answered_items_per_dimension() {
    use zukunftskommune::api::{CheckCommand, ProjectCommand};
    use zukunftskommune::model::CheckAnswer;
    use zukunftskommune::Reply;
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Zählheim");
    let Reply::Check(v) = call(&mut s, Command::Check(CheckCommand::Get)) else {
        panic!()
    };
    let at = v
        .dimensions
        .iter()
        .position(|d| d.items.len() >= 3)
        .unwrap();
    let dim = &v.dimensions[at];
    assert_eq!(dim.answered, 0);
    let items: Vec<_> = dim.items.iter().map(|i| i.item.id).collect();
    for answer in [
        CheckAnswer {
            item_id: items[0],
            ist: Some(2),
            ..Default::default()
        },
        CheckAnswer {
            item_id: items[1],
            ist_unknown: true,
            ..Default::default()
        },
        CheckAnswer {
            item_id: items[2],
            soll: Some(4),
            ..Default::default()
        },
    ] {
        call(
            &mut s,
            Command::Check(CheckCommand::SaveAnswer(answer.into())),
        );
    }
    let Reply::Check(v) = call(&mut s, Command::Check(CheckCommand::Get)) else {
        panic!()
    };
    assert_eq!(v.dimensions[at].answered, 2);
    let Reply::Overview(o) = call(&mut s, Command::Project(ProjectCommand::Overview)) else {
        panic!()
    };
    assert_eq!(o.scores.answered, 2);
}
