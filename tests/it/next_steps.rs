//! „Nächste Schritte“ on the overview: the unmet progress criteria, gone when met.

use crate::common::*;
use zukunftskommune::api::{Command, Overview, ProjectCommand};
use zukunftskommune::{Reply, Session};

fn overview(s: &mut Session) -> Overview {
    match call(s, Command::Project(ProjectCommand::Overview)) {
        Reply::Overview(o) => o,
        r => panic!("{r:?}"),
    }
}

#[test]
fn a_new_project_lists_its_next_steps_and_a_met_step_disappears() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Neudorf");
    let steps = overview(&mut s).next_steps;
    assert!(!steps.is_empty() && steps.len() <= zukunftskommune::analysis::MAX_NEXT_STEPS);
    assert!(steps.iter().all(|x| (1..=5).contains(&x.baustein)));
    assert!(
        steps.windows(2).all(|w| w[0].baustein <= w[1].baustein),
        "{steps:?}"
    );
    assert!(steps.iter().any(|x| x.place == "goals"), "{steps:?}");

    run_json(
        &mut s,
        r#"{"goals":{"save_goal":{"title":"Rathaus rund um die Uhr"}}}"#,
    )
    .unwrap();
    let steps = overview(&mut s).next_steps;
    assert!(!steps.iter().any(|x| x.place == "goals"), "{steps:?}");

    // The demo's draft is done everywhere: nothing left to suggest.
    let mut demo_session = open(&demo_draft(dir.path()));
    let o = overview(&mut demo_session);
    assert!(o.progress.iter().all(|p| p.percent == 100));
    assert_eq!(o.next_steps, []);
    // Adopted, it suggests its Umsetzung only: the statuses its last round carried over,
    // to be confirmed (no report is missing – the measure put back by the council awaits none).
    let adopted = temp();
    let mut demo_session = open(&demo(adopted.path()));
    let steps = overview(&mut demo_session).next_steps;
    assert!(
        steps.iter().any(|x| x.place == "round_table")
            && steps.iter().all(|x| x.place != "forms_export")
            && steps
                .iter()
                .all(|x| x.baustein == zukunftskommune::analysis::UMSETZUNG),
        "{steps:?}"
    );
}

/// The report's date may stay empty – the report then carries the day it is made, as the
/// field says – so an empty date leaves no report setting missing: the overview sent the
/// consultant to fill it and held back a fifth of Baustein 5. (The steps shown are capped and
/// earlier Bausteine come first, so Baustein 5's share of the progress is what is compared.)
#[test]
fn an_empty_report_date_is_no_missing_report_setting() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Ohnedatum");
    let baustein_5 = |s: &mut Session| overview(s).progress[4].percent;
    assert_eq!(baustein_5(&mut s), 0, "no author yet");
    run_json(
        &mut s,
        r#"{"strategy":{"save_settings":{"author":"Beratungsteam Digitale Kommune"}}}"#,
    )
    .unwrap();
    assert_eq!(strategy(&mut s).settings.date, None);
    assert_eq!(
        baustein_5(&mut s),
        20,
        "no chapter approved, the settings complete"
    );
}

fn places(s: &mut Session) -> Vec<(u8, String)> {
    overview(s)
        .next_steps
        .into_iter()
        .map(|x| (x.baustein, x.place))
        .collect()
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn days_ago(n: i64) -> String {
    (today() - chrono::Duration::days(n)).to_string()
}

/// Once the council has adopted the strategy its Bausteine are done with: the overview sent a
/// consultant a year into the Umsetzung back to the check's questions. It now suggests the
/// Umsetzung's steps – the decision after a postponement, the first or the next status round,
/// reports still missing, indicators to measure, the Fortschreibung after three years – and
/// the Bausteine's steps again beside them during a Fortschreibung.
#[test]
fn after_the_vote_the_overview_suggests_the_umsetzung() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Spaetheim");
    run_json(
        &mut s,
        r#"{"measures":{"save_measure":{"title":"Online-Terminvergabe"}}}"#,
    )
    .unwrap();
    let adopt = |s: &mut Session, ago: i64, result: &str| {
        run_json(
            s,
            &serde_json::json!({"implementation": {"adopt": {
                "date": days_ago(ago), "body": "Gemeinderat", "result": result
            }}})
            .to_string(),
        )
        .unwrap();
    };
    let u = zukunftskommune::analysis::UMSETZUNG;
    // Postponed: the decision still to be taken comes first, then the Bausteine.
    adopt(&mut s, 1200, "vertagt");
    let o = overview(&mut s);
    assert_eq!(o.next_steps[0].place, "adoption", "{:?}", o.next_steps);
    assert!(o.next_steps[0].text.contains("vertagt vom Gemeinderat am"));
    assert!(o.next_steps[1..].iter().all(|x| x.baustein < u));

    // In force for over three years, no round, no indicator: only the Umsetzung's steps.
    adopt(&mut s, 1100, "beschlossen");
    assert_eq!(
        places(&mut s),
        [
            (u, "round_start".into()),
            (u, "kpi_form".into()),
            (u, "revision".into())
        ]
    );
    // A round 200 days ago is followed by the next.
    run_json(
        &mut s,
        &serde_json::json!({"implementation": {"start_round": {"label": "Frühjahr", "date": days_ago(200)}}})
            .to_string(),
    )
    .unwrap();
    let o = overview(&mut s);
    assert_eq!(o.next_steps[0].place, "round_start");
    assert!(
        o.next_steps[0].text.contains("„Frühjahr“"),
        "{}",
        o.next_steps[0].text
    );
    // A recent round without reports asks for them.
    run_json(
        &mut s,
        &serde_json::json!({"implementation": {"start_round": {"label": "Herbst", "date": days_ago(10)}}})
            .to_string(),
    )
    .unwrap();
    let o = overview(&mut s);
    assert_eq!(o.next_steps[0].place, "forms_export");
    assert!(
        o.next_steps[0]
            .text
            .contains("1 Maßnahme ohne Meldung in „Herbst“"),
        "{}",
        o.next_steps[0].text
    );

    // In the Fortschreibung the Bausteine's steps return, the Umsetzung's follow, and the
    // Fortschreibung is no longer suggested.
    run_json(
        &mut s,
        r#"{"implementation":{"start_revision":{"label":"Fortschreibung"}}}"#,
    )
    .unwrap();
    let steps = places(&mut s);
    assert!(steps[0].0 < u, "{steps:?}");
    assert!(!steps.iter().any(|(_, p)| p == "revision"), "{steps:?}");
}

/// An indicator last measured before its target date, now gone by, short of its target: the
/// overview asks for a value at the target date instead of leaving it „noch nicht erreicht“.
#[test]
fn an_indicator_whose_target_date_went_by_unmeasured_is_a_next_step() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Zielheim");
    run_json(
        &mut s,
        r#"{"measures":{"save_measure":{"title":"Digital-Sprechstunde"}}}"#,
    )
    .unwrap();
    let measure = measures(&mut s).measures[0].measure.id;
    run_json(
        &mut s,
        &serde_json::json!({"implementation": {"adopt": {
            "date": days_ago(400), "body": "Gemeinderat", "result": "beschlossen"
        }}})
        .to_string(),
    )
    .unwrap();
    let Ok(Reply::Implementation(v)) = run_json(
        &mut s,
        &serde_json::json!({"implementation": {"save_kpi": {
            "measure_id": measure, "name": "Teilnehmende", "unit": "Personen",
            "baseline_value": 40, "target_value": 300, "target_date": days_ago(30)
        }}})
        .to_string(),
    ) else {
        panic!()
    };
    let kpi = v.written.saved.unwrap();
    let measure_value = |s: &mut Session, ago: i64, value: f64| {
        run_json(
            s,
            &serde_json::json!({"implementation": {"save_kpi_value": {
                "kpi_id": kpi, "date": days_ago(ago), "value": value
            }}})
            .to_string(),
        )
        .unwrap();
    };
    measure_value(&mut s, 60, 214.0);
    let due = |s: &mut Session| {
        overview(s)
            .next_steps
            .into_iter()
            .filter(|x| x.text.starts_with("Kennzahlen zum Zieldatum messen"))
            .map(|x| (x.text, x.place))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        due(&mut s),
        [(
            "Kennzahlen zum Zieldatum messen: bei 1 ist das Zieldatum verstrichen, ohne Messwert seither".to_string(),
            "kpi_table".to_string()
        )]
    );
    // The window says the same of the indicator.
    let standing = |s: &mut Session| match run_json(s, r#"{"implementation":"get"}"#) {
        Ok(Reply::Implementation(v)) => v.kpis[0].standing,
        other => panic!("{other:?}"),
    };
    let target_date = today() - chrono::Duration::days(30);
    assert_eq!(
        standing(&mut s),
        Some(zukunftskommune::model::KpiStanding::DueUnmeasured(
            target_date
        ))
    );
    // Measured since, even short of the target: the step is done, the target missed.
    measure_value(&mut s, 5, 262.0);
    assert!(due(&mut s).is_empty());
    assert_eq!(
        standing(&mut s),
        Some(zukunftskommune::model::KpiStanding::Missed(target_date))
    );
    // The overview counts it beside those reached.
    let u = overview(&mut s).implementation.unwrap();
    assert_eq!((u.kpis, u.kpis_reached, u.kpis_missed), (1, 0, 1));
}
