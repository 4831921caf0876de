//! Money has an upper bound and every sum is checked: the largest allowed amounts on 1,500
//! measures give exact sums; one cent above the bound is refused, in a save and in an import.

use serde_json::{json, Value};
use zukunftskommune::api::{FileCommand, MeasuresCommand};
use zukunftskommune::model::MAX_AMOUNT_CENTS;
use zukunftskommune::{Command, ErrorCode};

use crate::common::*;

#[test]
fn the_largest_amounts_on_1500_measures_sum_exactly_and_one_cent_more_is_refused() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Großstadt");
    let mut export: Value = serde_json::from_str(&export(&mut s)).unwrap();
    let stamp = "2026-11-30T00:00:00.000Z";
    let rows: Vec<Value> = (0..1500)
        .map(|i| {
            let id = uuid::Uuid::now_v7().to_string();
            json!({
                "id": id, "created_at": stamp, "updated_at": stamp, "deleted": false,
                "body": {
                    "id": id, "number": format!("M-00-{:02}", i + 1), "title": format!("Maßnahme {i}"),
                    "cost_once_cents": MAX_AMOUNT_CENTS, "cost_yearly_cents": MAX_AMOUNT_CENTS,
                    "start_quarter": "2027", "end_quarter": "2030", "funding_rate": 100
                }
            })
        })
        .collect();
    export["tables"]["measure"] = Value::Array(rows);
    let big = dir.path().join("Gross.zukunft");
    let import = |s: &mut zukunftskommune::Session, json: &Value, path: &std::path::Path| {
        zukunftskommune::dispatch(
            s,
            Command::File(FileCommand::ImportJson {
                json: json.to_string(),
                path: path.display().to_string(),
            }),
        )
    };
    // The import opens the new file in the session.
    import(&mut s, &export, &big).expect("imported");
    let v = measures(&mut s);
    let n = 1500i64;
    assert_eq!(v.total_once_cents, Some(n * MAX_AMOUNT_CENTS));
    assert_eq!(v.total_yearly_cents, Some(n * MAX_AMOUNT_CENTS));
    // Each row's cost for sorting: one-off plus one year of running costs, from the core.
    assert!(v
        .measures
        .iter()
        .all(|m| m.cost_cents == Some(2 * MAX_AMOUNT_CENTS)));
    // Funded at 100 %: nothing is left to the municipality, in every year and in the sum.
    assert!(v
        .budget
        .years
        .iter()
        .chain([&v.budget.total])
        .all(|y| y.own_share_cents == 0 && y.funding_cents == y.total_cents));
    let years: Vec<(i32, i64)> = v
        .budget
        .years
        .iter()
        .map(|y| (y.year, y.total_cents))
        .collect();
    assert_eq!(
        years,
        vec![
            (2027, 2 * n * MAX_AMOUNT_CENTS),
            (2028, n * MAX_AMOUNT_CENTS),
            (2029, n * MAX_AMOUNT_CENTS),
            (2030, n * MAX_AMOUNT_CENTS),
        ]
    );
    assert_eq!(v.budget.total.total_cents, 5 * n * MAX_AMOUNT_CENTS);
    assert_eq!(v.budget.total.funding_cents, 5 * n * MAX_AMOUNT_CENTS);

    // One cent above the bound: refused in a save, nothing changes.
    let id = v.measures[0].measure.id;
    let e = call_err(
        &mut s,
        Command::Measures(MeasuresCommand::SaveMeasure(
            serde_json::from_value(json!({"id": id, "cost_once_cents": MAX_AMOUNT_CENTS + 1}))
                .unwrap(),
        )),
    );
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(e.message.contains("höchstens 10 Mrd. €"), "{}", e.message);
    // A number no i64 can hold is refused as well, never a panic or a wrapped value.
    let e = call_err(
        &mut s,
        Command::Measures(MeasuresCommand::SaveMeasure(
            serde_json::from_value(json!({"id": id, "cost_once_cents": 1e30})).unwrap(),
        )),
    );
    assert_eq!(e.code, ErrorCode::Invalid, "{}", e.message);
    assert_eq!(
        measures(&mut s).measures[0].measure.cost_once_cents,
        Some(MAX_AMOUNT_CENTS)
    );

    // … and in an import: no file is left behind.
    export["tables"]["measure"][0]["body"]["cost_once_cents"] = json!(MAX_AMOUNT_CENTS + 1);
    let refused = dir.path().join("Zu-gross.zukunft");
    let e = import(&mut s, &export, &refused).unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(!refused.exists());
}

/// A kind of cost no measure has estimated is unknown, not 0 €: Baustein 4 said „laufend 0 €
/// pro Jahr“ for Heddesheim's nine measures, none with running costs entered.
#[test]
fn a_total_of_no_known_amount_is_unknown() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Ohnekosten");
    run_json(
        &mut s,
        r#"{"measures":{"save_measure":{"title":"Tablets","cost_once_cents":18000000}}}"#,
    )
    .unwrap();
    run_json(
        &mut s,
        r#"{"measures":{"save_measure":{"title":"Fortbildung"}}}"#,
    )
    .unwrap();
    let v = measures(&mut s);
    assert_eq!(
        (v.total_once_cents, v.total_yearly_cents),
        (Some(18_000_000), None)
    );
    run_json(
        &mut s,
        r#"{"measures":{"save_measure":{"title":"Wartung","cost_yearly_cents":0}}}"#,
    )
    .unwrap();
    assert_eq!(
        measures(&mut s).total_yearly_cents,
        Some(0),
        "0 € entered is known"
    );
}
