//! The Steckbrief says what is still missing for completeness, from the one rule that also
//! counts complete measures for the progress.

use crate::common::*;
use serde_json::json;

fn save(
    s: &mut zukunftskommune::Session,
    body: serde_json::Value,
) -> zukunftskommune::api::MeasuresView {
    match run_json(
        s,
        &json!({ "measures": { "save_measure": body } }).to_string(),
    ) {
        Ok(zukunftskommune::Reply::Measures(v)) => v,
        r => panic!("unexpected {r:?}"),
    }
}

#[test]
fn the_steckbrief_lists_the_empty_fields_until_the_measure_is_complete() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Kleinstadt");
    let v = save(&mut s, json!({ "title": "Mängelmelder" }));
    let id = v.written.saved.unwrap();
    let row = |v: &zukunftskommune::api::MeasuresView| {
        v.measures
            .iter()
            .find(|m| m.measure.id == id)
            .unwrap()
            .clone()
    };
    let m = row(&v);
    assert!(!m.complete);
    assert_eq!(
        m.missing,
        [
            "Beschreibung",
            "Ziel und Wirkung",
            "Federführung",
            "Beteiligte",
            "Priorität",
            "Aufwand",
            "Nutzen",
            "Beginn (Quartal)",
            "Ende (Quartal)",
            "Förderprogramm",
            "Förderquote (%)",
            "Kostenschätzung",
            "Indikatoren"
        ]
    );

    let v = save(
        &mut s,
        json!({ "id": id, "description": "Bürger melden Schäden per App.", "cost_once_cents": 0 }),
    );
    let m = row(&v);
    assert!(!m.missing.contains(&"Beschreibung".to_string()));
    assert!(
        !m.missing.contains(&"Kostenschätzung".to_string()),
        "0 € is an estimate"
    );

    let v = save(
        &mut s,
        json!({ "id": id, "goal": "Schnellere Behebung", "lead": "Bauamt", "parties": "Bauhof", "priority": "hoch",
                "effort": 2, "benefit": 4, "start_quarter": "Q1/2027", "end_quarter": "2027-Q4",
                "funding_programme": "Eigenmittel", "kpis": "Meldungen pro Monat" }),
    );
    // Own funds have a rate too: 0 %, not nothing (the budget prints an empty rate as open).
    assert_eq!(row(&v).missing, ["Förderquote (%)"]);
    let v = save(&mut s, json!({ "id": id, "funding_rate": 0 }));
    let m = row(&v);
    assert!(m.missing.is_empty(), "{:?}", m.missing);
    assert!(m.complete);
    assert_eq!(info(&mut s).measures_complete, 1);
}
