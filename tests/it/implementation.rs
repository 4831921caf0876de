//! The Umsetzung through `dispatch`: the adoption freezes a baseline that no command changes,
//! deviations from it, indicators with their values, status rounds, plan against actual costs.

use chrono::NaiveDate;
use uuid::Uuid;
use zukunftskommune::api::*;
use zukunftskommune::model::*;
use zukunftskommune::{Command, ErrorCode, Reply, Session};

use crate::common::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn run(s: &mut Session, c: ImplementationCommand) -> ImplementationView {
    match call(s, Command::Implementation(c)) {
        Reply::Implementation(v) => v,
        other => panic!("implementation view expected, got {other:?}"),
    }
}

fn get(s: &mut Session) -> ImplementationView {
    run(s, ImplementationCommand::Get)
}

fn adopt(s: &mut Session, decisions: Vec<DecisionOf>) -> ImplementationView {
    run(
        s,
        ImplementationCommand::Adopt {
            date: day(2027, 11, 18),
            body: "Gemeinderat".into(),
            drucksache: "GR 2027/041".into(),
            result: AdoptionResult::MitAenderungen,
            changes: "M-01-03 gestrichen".into(),
            label: String::new(),
            decisions,
        },
    )
}

fn save_measure(s: &mut Session, m: Measure) {
    call(s, Command::Measures(MeasuresCommand::SaveMeasure(m.into())));
}

/// Writes the Umsetzungsbericht of the newest round, dated 15.07.2028, to `pdf` and returns its
/// text, squeezed.
fn round_report_text(s: &mut Session, pdf: &std::path::Path) -> String {
    report_text_of_round(s, pdf, None)
}

/// The same for `round_id` (the newest when `None`).
fn report_text_of_round(s: &mut Session, pdf: &std::path::Path, round_id: Option<Uuid>) -> String {
    let r = match call(
        s,
        Command::Implementation(ImplementationCommand::Report {
            path: pdf.display().to_string(),
            round_id,
            date: Some("2028-07-15".into()),
        }),
    ) {
        Reply::Report(r) => r,
        other => panic!("{other:?}"),
    };
    squeeze(&crate::report::text_of(pdf, 1, r.pages))
}

/// Reports `cents` of actual costs for `year` in the newest round's entry of `measure`.
fn report_actual_costs(
    s: &mut Session,
    measure: Uuid,
    year: i32,
    cents: i64,
) -> ImplementationView {
    let v = get(s);
    let entry = v
        .round
        .unwrap()
        .entries
        .into_iter()
        .find(|e| e.entry.measure_id == measure)
        .unwrap()
        .entry
        .id;
    let reply = run_json(
        s,
        &serde_json::json!({"implementation": {"save_entry": {"id": entry, "actual_costs": [
            {"year": year, "cents": cents}
        ]}}})
        .to_string(),
    )
    .unwrap();
    match reply {
        Reply::Implementation(v) => v,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_adoption_freezes_every_measure_with_its_decision_period_and_planned_amounts() {
    let dir = temp();
    let mut s = open(&demo_draft(dir.path()));
    let m = measures(&mut s);
    let struck = m.measures[2].measure.id;
    let changed = m.measures[3].measure.id;
    let deferred = m.measures[4].measure.id;
    let v = adopt(
        &mut s,
        vec![
            DecisionOf {
                measure_id: struck,
                decision: MeasureDecision::Gestrichen,
            },
            DecisionOf {
                measure_id: changed,
                decision: MeasureDecision::Geaendert,
            },
            DecisionOf {
                measure_id: deferred,
                decision: MeasureDecision::Zurueckgestellt,
            },
        ],
    );
    assert_eq!(v.adoptions.len(), 1);
    let a = &v.adoptions[0];
    assert_eq!(
        (a.body.as_str(), a.drucksache.as_str()),
        ("Gemeinderat", "GR 2027/041")
    );
    let b = &v.baselines[0];
    assert_eq!(a.baseline_id, b.id);
    assert_eq!(b.version, 1);
    assert_eq!(b.frozen_on, Some(day(2027, 11, 18)));
    assert_eq!(
        b.label,
        strategy(&mut s).settings.title,
        "the report title when none is given"
    );
    assert_eq!(b.measures.len(), m.measures.len());
    for (frozen, now) in b.measures.iter().zip(&m.measures) {
        assert_eq!(frozen.measure_id, now.measure.id);
        assert_eq!(frozen.number, now.measure.number);
        assert_eq!(frozen.start_quarter, now.measure.start_quarter);
        assert_eq!(frozen.end_quarter, now.measure.end_quarter);
        // The planned amounts per year, computed here from the measure itself.
        let expected: Vec<(i32, i64)> = expected_years(&now.measure);
        let got: Vec<(i32, i64)> = frozen
            .cost_by_year
            .iter()
            .map(|a| (a.year, a.cents))
            .collect();
        assert_eq!(got, expected, "{}", now.measure.number);
        let decision = if now.measure.id == struck {
            MeasureDecision::Gestrichen
        } else if now.measure.id == changed {
            MeasureDecision::Geaendert
        } else if now.measure.id == deferred
            // The draft already put it back, and the council did not name it: it stays so.
            || now.measure.status == MeasureStatus::Zurueckgestellt
        {
            MeasureDecision::Zurueckgestellt
        } else {
            MeasureDecision::Beschlossen
        };
        assert_eq!(frozen.decision, decision, "{}", now.measure.title);
    }
    assert!(
        v.deviations.is_empty(),
        "nothing differs yet: {:?}",
        v.deviations
    );
    // The plan is what the council decided: the struck measure left it (the printed
    // „Beschlossen vom …“ strategy had still listed it), the deferred one says so.
    let after = measures(&mut s).measures;
    assert!(after.iter().all(|x| x.measure.id != struck));
    assert_eq!(after.len(), m.measures.len() - 1);
    let status_of = |id: Uuid| {
        after
            .iter()
            .find(|x| x.measure.id == id)
            .unwrap()
            .measure
            .status
    };
    assert_eq!(status_of(deferred), MeasureStatus::Zurueckgestellt);
    assert_eq!(status_of(changed), m.measures[3].measure.status);
    // The adoption is one change: one undo takes adoption and baseline back, and the plan.
    call(&mut s, Command::History(HistoryCommand::Undo));
    let v = get(&mut s);
    assert!(v.adoptions.is_empty() && v.baselines.is_empty());
    assert_eq!(
        measures(&mut s)
            .measures
            .iter()
            .map(|x| (x.measure.id, x.measure.status))
            .collect::<Vec<_>>(),
        m.measures
            .iter()
            .map(|x| (x.measure.id, x.measure.status))
            .collect::<Vec<_>>()
    );
}

/// A measure's planned amounts per year, spread by hand: amounts per year as given, else the
/// one-off costs in the start year and the yearly costs in every year from start to end.
fn expected_years(m: &Measure) -> Vec<(i32, i64)> {
    if !m.cost_by_year.is_empty() {
        let mut v: Vec<(i32, i64)> = m.cost_by_year.iter().map(|a| (a.year, a.cents)).collect();
        v.sort();
        return v.into_iter().filter(|(_, c)| *c != 0).collect();
    }
    let year = |q: &Option<String>| {
        q.as_deref()
            .and_then(|t| t.get(..4))
            .and_then(|y| y.parse::<i32>().ok())
    };
    let Some(start) = year(&m.start_quarter) else {
        return Vec::new();
    };
    let end = year(&m.end_quarter).unwrap_or(start).max(start);
    (start..=end)
        .map(|y| {
            let once = if y == start {
                m.cost_once_cents.unwrap_or(0)
            } else {
                0
            };
            (y, once + m.cost_yearly_cents.unwrap_or(0))
        })
        .filter(|(_, c)| *c != 0)
        .collect()
}

#[test]
fn no_command_changes_a_baseline_or_removes_an_adoption() {
    let dir = temp();
    let mut s = open(&demo_draft(dir.path()));
    let v = adopt(&mut s, Vec::new());
    let (adoption, baseline) = (v.adoptions[0].clone(), v.baselines[0].clone());
    for (kind, id) in [
        (EntityKind::Baseline, baseline.id),
        (EntityKind::Adoption, adoption.id),
    ] {
        let e = call_err(
            &mut s,
            Command::Implementation(ImplementationCommand::Delete { kind, id }),
        );
        assert_eq!(e.code, ErrorCode::Invalid);
        assert!(e.message.contains("fortschreiben"), "{}", e.message);
    }
    // The record of the decision can be corrected, but never pointed at another baseline.
    let e = call_err(
        &mut s,
        Command::Implementation(ImplementationCommand::SaveAdoption(
            Adoption {
                baseline_id: Uuid::now_v7(),
                ..adoption.clone()
            }
            .into(),
        )),
    );
    assert!(e.message.contains("Ausgangsbasis"), "{}", e.message);
    let fixed = run(
        &mut s,
        ImplementationCommand::SaveAdoption(
            Adoption {
                drucksache: "GR 2027/042".into(),
                ..adoption.clone()
            }
            .into(),
        ),
    );
    assert_eq!(fixed.adoptions[0].drucksache, "GR 2027/042");
    // No command saves a baseline; a baseline cannot be deleted through another Baustein.
    let e = run_json(
        &mut s,
        &format!(
            r#"{{"implementation":{{"save_baseline":{{"id":"{}","label":"x"}}}}}}"#,
            baseline.id
        ),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    let e = call_err(
        &mut s,
        Command::Measures(MeasuresCommand::Delete {
            kind: EntityKind::Baseline,
            id: baseline.id,
        }),
    );
    assert_eq!(e.code, ErrorCode::Invalid);
    // Edits of the plan leave the baseline as it was frozen.
    let m = measures(&mut s).measures[0].measure.clone();
    save_measure(
        &mut s,
        Measure {
            title: "Neu betitelt".into(),
            start_quarter: Some("2031-Q1".into()),
            end_quarter: Some("2031-Q4".into()),
            ..m
        },
    );
    assert_eq!(get(&mut s).baselines[0], baseline);
}

#[test]
fn deviations_name_shifted_periods_changed_costs_added_and_dropped_measures() {
    let dir = temp();
    let mut s = open(&demo_draft(dir.path()));
    let m = measures(&mut s).measures;
    let struck = m[9].measure.clone();
    adopt(
        &mut s,
        vec![DecisionOf {
            measure_id: struck.id,
            decision: MeasureDecision::Gestrichen,
        }],
    );
    let shifted = m[0].measure.clone();
    save_measure(
        &mut s,
        Measure {
            start_quarter: Some("2029-Q1".into()),
            end_quarter: Some("2029-Q4".into()),
            ..shifted.clone()
        },
    );
    let costly = m[1].measure.clone();
    save_measure(
        &mut s,
        Measure {
            cost_by_year: Vec::new(),
            cost_once_cents: Some(costly.cost_once_cents.unwrap_or(0) + 500_000),
            ..costly.clone()
        },
    );
    let dropped = m[2].measure.clone();
    call(
        &mut s,
        Command::Measures(MeasuresCommand::Delete {
            kind: EntityKind::Measure,
            id: dropped.id,
        }),
    );
    // The struck measure left the plan with the decision (nothing to delete by hand).
    assert!(measures(&mut s)
        .measures
        .iter()
        .all(|x| x.measure.id != struck.id));
    save_measure(
        &mut s,
        Measure {
            title: "Digitale Ehrenamtskarte".into(),
            ..Default::default()
        },
    );
    let v = get(&mut s);
    let of = |kind: DeviationKind| -> Vec<&Deviation> {
        v.deviations.iter().filter(|d| d.kind == kind).collect()
    };
    let period = of(DeviationKind::PeriodShifted);
    assert_eq!(period.len(), 1, "{:?}", v.deviations);
    assert_eq!(period[0].measure_id, shifted.id);
    assert_eq!(
        period[0].before,
        period_label(
            shifted.start_quarter.as_deref(),
            shifted.end_quarter.as_deref()
        )
    );
    assert_eq!(period[0].after, "Q1 2029 – Q4 2029");
    // The shifted measure's costs moved years too: that is a cost change of its own.
    let cost: Vec<Uuid> = of(DeviationKind::CostChanged)
        .iter()
        .map(|d| d.measure_id)
        .collect();
    assert!(cost.contains(&costly.id), "{:?}", v.deviations);
    let dropped_dev = of(DeviationKind::Dropped);
    assert_eq!(
        dropped_dev.len(),
        1,
        "the struck measure is no deviation: {:?}",
        dropped_dev
    );
    assert_eq!(dropped_dev[0].number, dropped.number);
    let new = of(DeviationKind::New);
    assert_eq!(new.len(), 1);
    assert_eq!(new[0].title, "Digitale Ehrenamtskarte");
    // A measure whose numbers are as adopted is no deviation.
    assert!(!v.deviations.iter().any(|d| d.measure_id == m[5].measure.id));
}

/// The strategy printed while in force says when its plan changed since the vote: the demo's
/// shifted E-Akte, changed costs and new measure stood under „Beschlossen vom Gemeinderat am
/// 03.11.2025“ as if the council had adopted them.
#[test]
fn a_strategy_printed_after_changes_says_it_changed_since_the_vote() {
    let dir = temp();
    let first_page = |s: &mut Session, name: &str| {
        let pdf = dir.path().join(name);
        crate::report::report(s, &pdf, None);
        squeeze(&crate::report::text_of(&pdf, 1, 2))
    };
    let mut s = open(&demo(dir.path()));
    let changed = first_page(&mut s, "geaendert.pdf");
    assert!(
        changed.contains(&squeeze(
            "Beschlossen vom Gemeinderat am 03.11.2025, seither geändert"
        )),
        "{changed}"
    );
    // Nor is it the version of the draft's „Stand“ (20.10.2025): the day it is printed.
    assert!(
        changed.contains(&squeeze("Stand: 30.11.2026")) && !changed.contains("20.10.2025"),
        "{changed}"
    );
    // Freshly adopted, nothing changed: the decision alone.
    let other = temp();
    let mut t = open(&demo_draft(other.path()));
    adopt(&mut t, Vec::new());
    let fresh = first_page(&mut t, "frisch.pdf");
    assert!(
        fresh.contains(&squeeze("Beschlossen vom Gemeinderat am 18.11.2027"))
            && !fresh.contains(&squeeze("seither geändert")),
        "{fresh}"
    );
    // The settings' date stands for the version as adopted.
    assert!(fresh.contains(&squeeze("Stand: 20.10.2025")), "{fresh}");
    // An indicator's target changed since the vote is a change too: the strategy had printed
    // the lowered target under the bare decision.
    let third = temp();
    let mut u = open(&demo_draft(third.path()));
    let measure = measures(&mut u).measures[0].measure.id;
    let kpi = run(
        &mut u,
        ImplementationCommand::SaveKpi(
            Kpi {
                measure_id: Some(measure),
                name: "Online-Termine".into(),
                target_value: Some(50.0),
                ..Default::default()
            }
            .into(),
        ),
    )
    .written
    .saved
    .unwrap();
    adopt(&mut u, Vec::new());
    assert!(!first_page(&mut u, "vorher.pdf").contains(&squeeze("seither geändert")));
    run_json(
        &mut u,
        &serde_json::json!({"implementation": {"save_kpi": {"id": kpi, "target_value": 30}}})
            .to_string(),
    )
    .unwrap();
    let lowered = first_page(&mut u, "gesenkt.pdf");
    assert_says(
        &lowered,
        "Beschlossen vom Gemeinderat am 18.11.2027, seither geändert",
    );
}

/// „Bearbeitungszeit 30 → 10 Tage“ entered with the form's preset „höher ist besser“ read
/// „Ziel erreicht“ at 25 days. Start and target say the direction: it is stored so, and a file
/// whose row says otherwise (an import, a merge of two copies' fields) is judged by them too.
#[test]
fn start_and_target_say_which_way_an_indicator_is_reached() {
    let dir = temp();
    let mut s = open(&demo_draft(dir.path()));
    adopt(&mut s, Vec::new());
    let measure = measures(&mut s).measures[0].measure.clone();
    let v = run(
        &mut s,
        ImplementationCommand::SaveKpi(
            Kpi {
                measure_id: Some(measure.id),
                name: "Bearbeitungszeit Bauantrag".into(),
                unit: "Tage".into(),
                baseline_value: Some(30.0),
                target_value: Some(10.0),
                direction: KpiDirection::HigherIsBetter,
                ..Default::default()
            }
            .into(),
        ),
    );
    let id = v.written.saved.unwrap();
    let days = |v: &ImplementationView| v.kpis.iter().find(|k| k.kpi.id == id).unwrap().clone();
    assert_eq!(days(&v).kpi.direction, KpiDirection::LowerIsBetter);
    assert!(days(&v).direction_implied);
    let value = |s: &mut Session, date, value| {
        run(
            s,
            ImplementationCommand::SaveKpiValue(
                KpiValue {
                    kpi_id: id,
                    date: Some(date),
                    value: Some(value),
                    ..Default::default()
                }
                .into(),
            ),
        )
    };
    let v = value(&mut s, day(2028, 6, 30), 25.0);
    assert_eq!(
        days(&v).reached,
        Some(false),
        "25 days are not the 10 aimed at"
    );

    // A row that says „höher ist besser“ against its own start and target.
    let mut json: serde_json::Value = serde_json::from_str(&export(&mut s)).unwrap();
    for row in json["tables"]["kpi"].as_array_mut().unwrap() {
        if row["id"] == serde_json::json!(id) {
            row["body"]["direction"] = serde_json::json!("higher_is_better");
        }
    }
    let imported = dir.path().join("Import.zukunft");
    call(
        &mut s,
        Command::File(FileCommand::ImportJson {
            json: json.to_string(),
            path: imported.display().to_string(),
        }),
    );
    // The import opened the new file.
    assert!(imported.exists());
    let v = get(&mut s);
    assert_eq!(
        days(&v).kpi.direction,
        KpiDirection::HigherIsBetter,
        "as stored"
    );
    assert_eq!(days(&v).reached, Some(false));
    let v = value(&mut s, day(2028, 12, 31), 9.5);
    assert_eq!(days(&v).reached, Some(true));

    // Without a start the chosen direction decides.
    let v = run(
        &mut s,
        ImplementationCommand::SaveKpi(
            Kpi {
                baseline_value: None,
                direction: KpiDirection::HigherIsBetter,
                ..days(&v).kpi
            }
            .into(),
        ),
    );
    assert!(!days(&v).direction_implied);
    assert_eq!(days(&v).kpi.direction, KpiDirection::HigherIsBetter);
    assert_eq!(
        days(&v).reached,
        Some(false),
        "9.5 is below the 10 aimed at"
    );
}

#[test]
fn indicators_keep_their_series_and_say_whether_the_target_is_reached() {
    let dir = temp();
    let mut s = open(&demo_draft(dir.path()));
    let measure = measures(&mut s).measures[0].measure.clone();
    let goal = goals(&mut s).goals[0].clone();
    let kpi = |s: &mut Session, k: Kpi| {
        run(s, ImplementationCommand::SaveKpi(k.into()))
            .written
            .saved
            .unwrap()
    };
    let online = kpi(
        &mut s,
        Kpi {
            measure_id: Some(measure.id),
            name: "Online-Anträge".into(),
            unit: "%".into(),
            baseline_value: Some(10.0),
            target_value: Some(60.0),
            ..Default::default()
        },
    );
    let waiting = kpi(
        &mut s,
        Kpi {
            goal_id: Some(goal.id),
            name: "Wartezeit Bürgerbüro".into(),
            unit: "Tage".into(),
            target_value: Some(5.0),
            direction: KpiDirection::LowerIsBetter,
            ..Default::default()
        },
    );
    for (k, date, value) in [
        (online, day(2028, 12, 31), 45.0),
        (online, day(2028, 6, 30), 30.0),
        (waiting, day(2028, 6, 30), 9.0),
        (waiting, day(2028, 12, 31), 4.5),
    ] {
        run(
            &mut s,
            ImplementationCommand::SaveKpiValue(
                KpiValue {
                    kpi_id: k,
                    date: Some(date),
                    value: Some(value),
                    ..Default::default()
                }
                .into(),
            ),
        );
    }
    let v = get(&mut s);
    let view = |id: Uuid| v.kpis.iter().find(|k| k.kpi.id == id).unwrap();
    let o = view(online);
    assert_eq!(
        o.values
            .iter()
            .map(|v| v.value.unwrap())
            .collect::<Vec<_>>(),
        vec![30.0, 45.0],
        "by date"
    );
    assert_eq!((o.latest, o.reached), (Some(45.0), Some(false)));
    assert_eq!(o.owner, format!("{} {}", measure.number, measure.title));
    let w = view(waiting);
    assert_eq!(
        (w.latest, w.reached),
        (Some(4.5), Some(true)),
        "lower is better"
    );
    assert_eq!(w.owner, goal.title);

    // Neither or both owners, a value without date, an endless number: refused, nothing changes.
    let before = export(&mut s);
    for bad in [
        Kpi {
            name: "ohne".into(),
            ..Default::default()
        },
        Kpi {
            name: "beide".into(),
            measure_id: Some(measure.id),
            goal_id: Some(goal.id),
            ..Default::default()
        },
        Kpi {
            name: "riesig".into(),
            measure_id: Some(measure.id),
            target_value: Some(1e15),
            ..Default::default()
        },
    ] {
        let e = call_err(
            &mut s,
            Command::Implementation(ImplementationCommand::SaveKpi(bad.into())),
        );
        assert_eq!(e.code, ErrorCode::Invalid, "{}", e.message);
    }
    let e = call_err(
        &mut s,
        Command::Implementation(ImplementationCommand::SaveKpiValue(
            KpiValue {
                kpi_id: online,
                value: Some(1.0),
                ..Default::default()
            }
            .into(),
        )),
    );
    assert!(e.message.contains("Datum"), "{}", e.message);
    assert_eq!(export(&mut s), before);
    // Deleting the measure takes its indicator and values along.
    call(
        &mut s,
        Command::Measures(MeasuresCommand::Delete {
            kind: EntityKind::Measure,
            id: measure.id,
        }),
    );
    let v = get(&mut s);
    assert!(v.kpis.iter().all(|k| k.kpi.id != online));
    assert!(
        live_state(&mut s)
            .keys()
            .filter(|(t, _)| t == "kpi_value")
            .count()
            == 2
    );
}

/// The Beschluss on `date`, adopted as it stands, without decisions per measure.
fn adoption_on(date: NaiveDate) -> Command {
    Command::Implementation(ImplementationCommand::Adopt {
        date,
        body: "Gemeinderat".into(),
        drucksache: "GR 1".into(),
        result: AdoptionResult::Beschlossen,
        changes: String::new(),
        label: String::new(),
        decisions: Vec::new(),
    })
}

/// An adoption of 2019 was taken for a project begun in 2025, and a Fortschreibung could be
/// dated before the strategy it updates: both are refused, and the file is left as it was.
#[test]
fn an_adoption_is_dated_after_the_project_began_and_after_the_one_it_updates() {
    let dir = temp();
    let mut s = open(&demo_draft(dir.path()));
    let before = live_state(&mut s);
    let e = call_err(&mut s, adoption_on(day(2019, 3, 1)));
    assert!(
        e.message.contains("01.03.2019")
            && e.message.contains("vor dem Projektbeginn (13.01.2025)"),
        "{}",
        e.message
    );
    assert_eq!(live_state(&mut s), before);

    let v = adopt(&mut s, Vec::new());
    let first = v.adoptions[0].clone();
    let e = call_err(
        &mut s,
        Command::Implementation(ImplementationCommand::SaveAdoption(
            serde_json::from_value(serde_json::json!({"id": first.id, "date": "2024-12-31"}))
                .unwrap(),
        )),
    );
    assert!(e.message.contains("vor dem Projektbeginn"), "{}", e.message);

    run(
        &mut s,
        ImplementationCommand::StartRevision {
            label: "Fortschreibung".into(),
        },
    );
    let before = live_state(&mut s);
    let e = call_err(&mut s, adoption_on(day(2027, 6, 1)));
    assert!(
        e.message
            .contains("vor dem zuletzt erfassten Beschluss vom 18.11.2027"),
        "{}",
        e.message
    );
    assert_eq!(live_state(&mut s), before);
    call(&mut s, adoption_on(day(2029, 3, 1)));
    assert_eq!(get(&mut s).baselines.len(), 2);
}

#[test]
fn status_rounds_carry_the_last_values_count_the_lights_and_sum_actual_costs() {
    let dir = temp();
    let mut s = open(&demo_draft(dir.path()));
    let e = call_err(
        &mut s,
        Command::Implementation(ImplementationCommand::StartRound {
            label: "zu früh".into(),
            date: day(2028, 6, 30),
        }),
    );
    assert!(e.message.contains("Beschluss"), "{}", e.message);
    let m = measures(&mut s).measures;
    let struck = m[4].measure.id;
    adopt(
        &mut s,
        vec![DecisionOf {
            measure_id: struck,
            decision: MeasureDecision::Gestrichen,
        }],
    );
    let v = run(
        &mut s,
        ImplementationCommand::StartRound {
            label: "1. Halbjahr 2028".into(),
            date: day(2028, 6, 30),
        },
    );
    let round = v.round.clone().unwrap();
    // A round reports on the adopted strategy: a Stichtag before the adoption (18.11.2027) is
    // refused, when a round begins and when its date is changed, and nothing is written.
    let before = live_state(&mut s);
    let e = call_err(
        &mut s,
        Command::Implementation(ImplementationCommand::StartRound {
            label: "Tippfehler".into(),
            date: day(2020, 6, 30),
        }),
    );
    assert!(
        e.message.contains("30.06.2020") && e.message.contains("vor dem Beschluss vom 18.11.2027"),
        "{}",
        e.message
    );
    let e = call_err(
        &mut s,
        Command::Implementation(ImplementationCommand::SaveRound(
            serde_json::from_value(serde_json::json!({"id": round.round.id, "date": "2027-11-17"}))
                .unwrap(),
        )),
    );
    assert!(e.message.contains("vor dem Beschluss"), "{}", e.message);
    assert_eq!(live_state(&mut s), before);
    // The day of the adoption itself is fine.
    run(
        &mut s,
        ImplementationCommand::SaveRound(
            serde_json::from_value(serde_json::json!({"id": round.round.id, "date": "2027-11-18"}))
                .unwrap(),
        ),
    );
    run(
        &mut s,
        ImplementationCommand::SaveRound(
            serde_json::from_value(serde_json::json!({"id": round.round.id, "date": "2028-06-30"}))
                .unwrap(),
        ),
    );
    assert_eq!(
        round.entries.len(),
        m.len() - 1,
        "every adopted measure but the struck one"
    );
    assert!(round.entries.iter().all(|e| e.entry.measure_id != struck));
    // The draft's Livestream, put back there and not named by the council, stays put back.
    assert_eq!(
        (round.unreported as usize, round.deferred),
        (m.len() - 2, 1)
    );

    let entry =
        |v: &ImplementationView, i: usize| v.round.as_ref().unwrap().entries[i].entry.clone();
    // Verzug needs a reason.
    let e = call_err(
        &mut s,
        Command::Implementation(ImplementationCommand::SaveEntry(
            StatusEntry {
                light: Some(TrafficLight::Verzug),
                ..entry(&v, 0)
            }
            .into(),
        )),
    );
    assert!(e.message.contains("Grund"), "{}", e.message);
    let reports = [
        (
            0,
            TrafficLight::ImPlan,
            "",
            vec![(2027, 300_000), (2028, 150_000)],
        ),
        (
            1,
            TrafficLight::Verzug,
            "Lieferengpass",
            vec![(2028, 1_000_000)],
        ),
        (2, TrafficLight::Abgeschlossen, "", vec![]),
    ];
    for (i, light, reason, costs) in &reports {
        run(
            &mut s,
            ImplementationCommand::SaveEntry(
                StatusEntry {
                    light: Some(*light),
                    progress: Some(50),
                    reason: (*reason).into(),
                    actual_costs: costs
                        .iter()
                        .map(|&(year, cents)| YearAmount { year, cents })
                        .collect(),
                    responsible: "Frau Beispiel".into(),
                    ..entry(&v, *i)
                }
                .into(),
            ),
        );
    }
    let v = get(&mut s);
    let r = v.round.as_ref().unwrap();
    let count = |l: TrafficLight| r.lights.iter().find(|c| c.light == l).unwrap().count;
    assert_eq!(
        (
            count(TrafficLight::ImPlan),
            count(TrafficLight::Verzug),
            count(TrafficLight::Abgeschlossen)
        ),
        (1, 1, 1)
    );
    // All but the struck one, the three reported and the Livestream put back.
    assert_eq!(r.unreported as usize, m.len() - 1 - 3 - 1);
    // Plan against actual, summed here independently: planned = the baseline's amounts of the
    // measures neither struck nor put back (the Livestream's 2027 money had stood in the plan);
    // actual = what the round reports.
    let baseline = &v.baselines[0];
    let mut planned = std::collections::BTreeMap::<i32, i64>::new();
    for bm in baseline.measures.iter().filter(|b| {
        b.decision != MeasureDecision::Gestrichen && b.decision != MeasureDecision::Zurueckgestellt
    }) {
        for a in &bm.cost_by_year {
            *planned.entry(a.year).or_default() += a.cents;
        }
    }
    for row in &v.plan_vs_actual {
        assert_eq!(
            row.planned_cents,
            planned.get(&row.year).copied().unwrap_or(0),
            "{}",
            row.year
        );
        let actual = match row.year {
            2027 => Some(300_000),
            2028 => Some(1_150_000),
            _ => None,
        };
        assert_eq!(row.actual_cents, actual, "{}", row.year);
    }
    assert!(v.plan_vs_actual.iter().any(|r| r.year == 2028));

    // The next round starts from these values; the first stays as it was.
    let next = run(
        &mut s,
        ImplementationCommand::StartRound {
            label: "2. Halbjahr 2028".into(),
            date: day(2028, 12, 31),
        },
    );
    assert_eq!(next.rounds.len(), 2);
    let carried = &next.round.as_ref().unwrap().entries[1].entry;
    assert_eq!(
        (carried.light, carried.reason.as_str()),
        (Some(TrafficLight::Verzug), "Lieferengpass")
    );
    assert_ne!(carried.round_id, round.round.id);

    // Who reports is personal data: a copy without personal data has none of it.
    let copy = dir.path().join("ohne.zukunft");
    call(
        &mut s,
        Command::Copies(CopiesCommand::SendCopy {
            path: copy.display().to_string(),
            without_personal_data: true,
        }),
    );
    let bytes = std::fs::read(&copy).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("Frau Beispiel"));
}

#[test]
fn a_colleague_s_round_and_corrected_decision_merge_and_the_baseline_stays_one() {
    let dir = temp();
    let mut a = open(&demo_draft(dir.path()));
    adopt(&mut a, Vec::new());
    let copy = dir.path().join("Kollegin.zukunft");
    call(
        &mut a,
        Command::Copies(CopiesCommand::SendCopy {
            path: copy.display().to_string(),
            without_personal_data: false,
        }),
    );
    let mut b = open(&copy);
    let adoption = get(&mut b).adoptions[0].clone();
    run(
        &mut b,
        ImplementationCommand::SaveAdoption(
            Adoption {
                drucksache: "GR 2027/099".into(),
                ..adoption
            }
            .into(),
        ),
    );
    run(
        &mut b,
        ImplementationCommand::StartRound {
            label: "Runde der Kollegin".into(),
            date: day(2028, 6, 30),
        },
    );
    drop(b);
    let merged = match call(
        &mut a,
        Command::Copies(CopiesCommand::Merge {
            path: copy.display().to_string(),
            prefer: Prefer::Newer,
            choices: Vec::new(),
        }),
    ) {
        Reply::Merged(r) => r,
        other => panic!("{other:?}"),
    };
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let v = get(&mut a);
    assert_eq!(v.adoptions[0].drucksache, "GR 2027/099");
    assert_eq!(v.baselines.len(), 1, "one baseline in both copies");
    assert_eq!(v.rounds[0].label, "Runde der Kollegin");
    assert_eq!(
        v.round.unwrap().entries.len(),
        measures(&mut a).measures.len()
    );
}

#[test]
fn one_round_per_stichtag() {
    let dir = temp();
    let mut s = open(&demo_draft(dir.path()));
    adopt(&mut s, Vec::new());
    let start = |label: &str, date| {
        Command::Implementation(ImplementationCommand::StartRound {
            label: label.into(),
            date,
        })
    };
    call(&mut s, start("1. Halbjahr 2028", day(2028, 6, 30)));
    let before = get(&mut s);
    // A colleague starts „the same“ round under another name: refused, nothing written.
    let e = call_err(&mut s, start("Statusrunde Juni 2028", day(2028, 6, 30)));
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(
        e.message
            .contains("Zum Stichtag 30.06.2028 gibt es schon die Statusrunde „1. Halbjahr 2028“"),
        "{}",
        e.message
    );
    assert_eq!(get(&mut s).rounds.len(), before.rounds.len());
    // Nor may a round be moved onto another's Stichtag; its own date may be saved again.
    let second = run(
        &mut s,
        ImplementationCommand::StartRound {
            label: "2. Halbjahr 2028".into(),
            date: day(2028, 12, 31),
        },
    )
    .round
    .unwrap()
    .round;
    let moved = StatusRound {
        date: Some(day(2028, 6, 30)),
        ..second.clone()
    };
    let e = call_err(
        &mut s,
        Command::Implementation(ImplementationCommand::SaveRound(moved.into())),
    );
    assert_eq!(e.code, ErrorCode::Invalid);
    run(
        &mut s,
        ImplementationCommand::SaveRound(
            StatusRound {
                label: "Statusrunde Dezember 2028".into(),
                ..second
            }
            .into(),
        ),
    );
    assert_eq!(get(&mut s).rounds[0].label, "Statusrunde Dezember 2028");
}

/// The demo adopted, its round „1. Halbjahr 2028“ begun and a copy sent as `copy_name`: the
/// project and the copy's path.
fn a_round_and_a_copy(dir: &std::path::Path, copy_name: &str) -> (Session, std::path::PathBuf) {
    let mut a = open(&demo_draft(dir));
    adopt(&mut a, Vec::new());
    run(
        &mut a,
        ImplementationCommand::StartRound {
            label: "1. Halbjahr 2028".into(),
            date: day(2028, 6, 30),
        },
    );
    let copy = dir.join(copy_name);
    call(
        &mut a,
        Command::Copies(CopiesCommand::SendCopy {
            path: copy.display().to_string(),
            without_personal_data: false,
        }),
    );
    (a, copy)
}

#[test]
fn a_merge_names_the_measure_and_round_of_each_status_it_takes_or_asks_about() {
    let dir = temp();
    let (mut a, copy) = a_round_and_a_copy(dir.path(), "Kollegin.zukunft");
    let entries = get(&mut a).round.unwrap().entries;
    let (taken, asked) = (&entries[0], &entries[1]);
    let mut b = open(&copy);
    for (e, progress) in [(taken, 60), (asked, 70)] {
        run(
            &mut b,
            ImplementationCommand::SaveEntry(
                StatusEntry {
                    progress: Some(progress),
                    ..e.entry.clone()
                }
                .into(),
            ),
        );
    }
    drop(b);
    // Here the same status got another value: a conflict.
    run(
        &mut a,
        ImplementationCommand::SaveEntry(
            StatusEntry {
                progress: Some(20),
                ..asked.entry.clone()
            }
            .into(),
        ),
    );
    let plan = match call(
        &mut a,
        Command::Copies(CopiesCommand::MergePreview {
            path: copy.display().to_string(),
            prefer: Prefer::Newer,
        }),
    ) {
        Reply::MergePlan(p) => p,
        other => panic!("{other:?}"),
    };
    let name = |e: &EntryView| {
        format!(
            "Status einer Maßnahme: {} {} – Statusrunde 1. Halbjahr 2028",
            e.number, e.title
        )
    };
    let titles: Vec<&str> = plan.from_theirs.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, [name(taken)], "{titles:?}");
    assert_eq!(plan.conflicts.len(), 1);
    assert_eq!(plan.conflicts[0].title, name(asked));
}

#[test]
fn status_forms_of_two_departments_filled_in_a_copy_come_back_as_one_undoable_change() {
    let dir = temp();
    // The colleague's copy: the department fills its form there.
    let (mut a, copy) = a_round_and_a_copy(dir.path(), "Bauamt.zukunft");
    let mut b = open(&copy);
    let v = get(&mut b);
    let mut lead_of = |number: &str| {
        measures(&mut b)
            .measures
            .iter()
            .find(|m| m.measure.number == number)
            .unwrap()
            .measure
            .lead
            .clone()
    };
    let first = v.round.as_ref().unwrap().entries[0].clone();
    let department = lead_of(&first.number);
    // A second department fills its own form: both come back at once.
    let second = v
        .round
        .as_ref()
        .unwrap()
        .entries
        .iter()
        .find(|e| lead_of(&e.number) != department)
        .unwrap()
        .clone();
    let second_department = lead_of(&second.number);
    run(
        &mut b,
        ImplementationCommand::SaveEntry(
            StatusEntry {
                progress: Some(80),
                light: Some(TrafficLight::ImPlan),
                ..second.entry.clone()
            }
            .into(),
        ),
    );
    run(
        &mut b,
        ImplementationCommand::SaveEntry(
            StatusEntry {
                progress: Some(35),
                light: Some(TrafficLight::Gefaehrdet),
                reason: "Fördermittel noch nicht bewilligt".into(),
                actual_costs: vec![YearAmount {
                    year: 2028,
                    cents: 123_456,
                }],
                next_steps: "Förderantrag nachreichen".into(),
                responsible: "Herr Muster".into(),
                ..first.entry.clone()
            }
            .into(),
        ),
    );
    let forms = dir.path().join("Formulare");
    let Reply::StatusForms(written) = call(
        &mut b,
        Command::Implementation(ImplementationCommand::StatusForms {
            dir: forms.display().to_string(),
        }),
    ) else {
        panic!()
    };
    let form_of = |department: &str| {
        written
            .files
            .iter()
            .find(|f| f.ends_with(&format!("– {}.xlsx", department.replace('/', "-"))))
            .unwrap()
            .clone()
    };
    let mine = vec![form_of(&department), form_of(&second_department)];
    drop(b);

    let before = export(&mut a);
    let before_rows = live_state(&mut a);
    let import = |s: &mut Session, apply: bool| match call(
        s,
        Command::Implementation(ImplementationCommand::StatusImport {
            paths: mine.clone(),
            apply,
        }),
    ) {
        Reply::StatusImport(r) => r,
        other => panic!("{other:?}"),
    };
    let preview = import(&mut a, false);
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    let fields: Vec<(&str, &str)> = preview
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.after.as_str()))
        .collect();
    assert!(fields.contains(&("Ampel", "gefährdet")), "{fields:?}");
    assert!(fields.contains(&("Fortschritt (%)", "35 %")), "{fields:?}");
    assert!(
        fields.contains(&("Ist-Kosten 2028 (€)", "1.234,56\u{a0}€")),
        "{fields:?}"
    );
    let numbers: std::collections::BTreeSet<&str> =
        preview.changes.iter().map(|c| c.number.as_str()).collect();
    assert_eq!(
        numbers,
        [first.number.as_str(), second.number.as_str()].into()
    );
    assert!(preview
        .changes
        .iter()
        .any(|c| c.number == second.number && c.field == "Fortschritt (%)" && c.after == "80 %"));
    assert_eq!(export(&mut a), before, "the preview writes nothing");

    let applied = import(&mut a, true);
    assert!(applied.applied);
    let round = get(&mut a).round.unwrap();
    let other = round
        .entries
        .iter()
        .find(|e| e.number == second.number)
        .unwrap();
    assert_eq!(
        (other.entry.progress, other.entry.light),
        (Some(80), Some(TrafficLight::ImPlan))
    );
    let entry = round.entries[0].entry.clone();
    assert_eq!(entry.progress, Some(35));
    assert_eq!(entry.light, Some(TrafficLight::Gefaehrdet));
    assert_eq!(
        entry.actual_costs,
        vec![YearAmount {
            year: 2028,
            cents: 123_456
        }]
    );
    assert_eq!(entry.responsible, "Herr Muster");
    // Importing the same form again changes nothing; one undo takes the import back.
    assert!(import(&mut a, false).changes.is_empty());
    call(&mut a, Command::History(HistoryCommand::Undo));
    assert_eq!(live_state(&mut a), before_rows);
    let before = export(&mut a);

    // A form of another project is refused as a whole, and nothing is written.
    let other_dir = temp();
    let mut other = open(&demo_draft(other_dir.path()));
    adopt(&mut other, Vec::new());
    run(
        &mut other,
        ImplementationCommand::StartRound {
            label: "Fremd".into(),
            date: day(2028, 6, 30),
        },
    );
    let foreign = other_dir.path().join("f");
    let Reply::StatusForms(foreign_forms) = call(
        &mut other,
        Command::Implementation(ImplementationCommand::StatusForms {
            dir: foreign.display().to_string(),
        }),
    ) else {
        panic!()
    };
    let e = call_err(
        &mut a,
        Command::Implementation(ImplementationCommand::StatusImport {
            paths: vec![foreign_forms.files[0].clone()],
            apply: true,
        }),
    );
    assert!(e.message.contains("anderen Projekt"), "{}", e.message);
    assert_eq!(export(&mut a), before);
}

/// The tables of all Handlungsfelder line up: the traffic light and progress columns have one
/// width whichever lights a table holds (with `auto` an „abgeschlossen“ widened some tables).
#[test]
fn the_implementation_report_s_area_tables_line_up() {
    let dir = temp();
    let path = demo(dir.path());
    let pdf = dir.path().join("Umsetzung.pdf");
    let out = std::process::Command::new(crate::common::zukunft_bin())
        .args([
            "implementation-report",
            &path.display().to_string(),
            "-o",
            &pdf.display().to_string(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The measure the council put back is no missing report, in the summary and its row.
    let text = squeeze(&crate::report::tool(
        "pdftotext",
        &[&pdf.display().to_string(), "-"],
    ));
    assert!(
        text.contains(&squeeze("10 abgeschlossen, 1 gestoppt, 1 zurückgestellt.")),
        "{text}"
    );
    // Summary, lights table, chart, the measure's row and its next step („Vom Gemeinderat
    // zurückgestellt.“): before, only the last.
    assert_eq!(text.matches("zurückgestellt").count(), 5, "{text}");
    // Where each header word begins on the page (pdftotext's word boxes), by row.
    let boxes = dir.path().join("woerter.html");
    crate::report::tool(
        "pdftotext",
        &[
            "-bbox",
            &pdf.display().to_string(),
            &boxes.display().to_string(),
        ],
    );
    let html = std::fs::read_to_string(&boxes).unwrap();
    let attr = |w: &str, name: &str| -> f64 {
        w.split(&format!("{name}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let words: Vec<(f64, f64, &str)> = html
        .split("<word ")
        .skip(1)
        .filter_map(|w| {
            let text = w.split('>').nth(1)?.split('<').next()?;
            Some((attr(w, "yMin"), attr(w, "xMin"), text))
        })
        .collect();
    let at = |y: f64, text: &str| {
        words
            .iter()
            .find(|(wy, _, t)| (wy - y).abs() < 0.5 && *t == text)
            .map(|(_, x, _)| (x * 10.0).round() as i64)
    };
    // Header rows of the area tables: „Ampel“ with „Fortschritt“ and „Grund“ beside it.
    let columns: Vec<(i64, i64)> = words
        .iter()
        .filter(|(_, _, t)| *t == "Ampel")
        .filter_map(|(y, x, _)| {
            Some(((x * 10.0).round() as i64, at(*y, "Fortschritt")?))
                .filter(|_| at(*y, "Grund").is_some())
        })
        .collect();
    assert!(
        columns.len() >= 6,
        "one table per Handlungsfeld: {columns:?}"
    );
    // Within a point (the number column follows its numbers); `auto` moved them by 5 to 16 pt.
    let within = |a: i64, b: i64| (a - b).abs() <= 10;
    assert!(
        columns
            .windows(2)
            .all(|w| within(w[0].0, w[1].0) && within(w[0].1, w[1].1)),
        "{columns:?}"
    );
}

#[test]
fn the_implementation_report_is_a_tagged_pdf_with_the_round_s_numbers() {
    let dir = temp();
    let mut s = open(&demo_draft(dir.path()));
    let m = measures(&mut s).measures;
    let kpi = run(
        &mut s,
        ImplementationCommand::SaveKpi(
            Kpi {
                measure_id: Some(m[0].measure.id),
                name: "Online gebuchte Termine".into(),
                unit: "%".into(),
                baseline_value: Some(5.0),
                target_value: Some(50.0),
                ..Default::default()
            }
            .into(),
        ),
    )
    .written
    .saved
    .unwrap();
    run(
        &mut s,
        ImplementationCommand::SaveKpiValue(
            KpiValue {
                kpi_id: kpi,
                date: Some(day(2028, 6, 30)),
                value: Some(21.5),
                ..Default::default()
            }
            .into(),
        ),
    );
    adopt(&mut s, Vec::new());
    let v = run(
        &mut s,
        ImplementationCommand::StartRound {
            label: "1. Halbjahr 2028".into(),
            date: day(2028, 6, 30),
        },
    );
    let entries = v.round.unwrap().entries;
    let reports = [
        (
            0,
            TrafficLight::Verzug,
            "Anbieter liefert später",
            vec![(2027, 310_000), (2028, 42_050)],
        ),
        (1, TrafficLight::ImPlan, "", vec![(2028, 1_000_000)]),
        (2, TrafficLight::Verzug, "Personal fehlt", vec![]),
    ];
    for (i, light, reason, costs) in &reports {
        run(
            &mut s,
            ImplementationCommand::SaveEntry(
                StatusEntry {
                    light: Some(*light),
                    progress: Some(30),
                    reason: (*reason).into(),
                    next_steps: format!("Schritt {i}"),
                    actual_costs: costs
                        .iter()
                        .map(|&(year, cents)| YearAmount { year, cents })
                        .collect(),
                    ..entries[*i].entry.clone()
                }
                .into(),
            ),
        );
    }
    // A period shifted after the adoption, with the reason of its entry.
    save_measure(
        &mut s,
        Measure {
            start_quarter: Some("2029-Q1".into()),
            end_quarter: Some("2029-Q4".into()),
            ..m[0].measure.clone()
        },
    );
    let pdf = dir.path().join("Umsetzungsbericht.pdf");
    let report = |s: &mut Session| match call(
        s,
        Command::Implementation(ImplementationCommand::Report {
            path: pdf.display().to_string(),
            round_id: None,
            date: Some("2028-07-15".into()),
        }),
    ) {
        Reply::Report(r) => r,
        other => panic!("{other:?}"),
    };
    let r = report(&mut s);
    assert!(r.pages >= 3, "{}", r.pages);
    let p = pdf.display().to_string();
    let info = crate::report::tool("pdfinfo", &[&p]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("Umsetzungsbericht"), "{info}");
    crate::report::tool("qpdf", &["--check", &p]);
    let text = crate::report::text_of(&pdf, 1, r.pages);
    let flat = squeeze(&text);
    // The sums, computed here from the baseline and the entries.
    let v = get(&mut s);
    let baseline = &v.baselines[0];
    let mut planned: std::collections::BTreeMap<i32, i64> = Default::default();
    // The draft's Livestream, put back and not named by the council, is no planned money.
    for bm in baseline
        .measures
        .iter()
        .filter(|b| b.decision != MeasureDecision::Zurueckgestellt)
    {
        for a in &bm.cost_by_year {
            *planned.entry(a.year).or_default() += a.cents;
        }
    }
    let euro = |c: i64| squeeze(&zukunftskommune::analysis::format_euro(c));
    for (year, cents) in &planned {
        let actual = match year {
            2027 => euro(310_000),
            2028 => euro(1_042_050),
            // „–“ for a year without report (squeezed away like every dash).
            _ => String::new(),
        };
        let row = format!("{year}{}{actual}", euro(*cents));
        assert!(flat.contains(&row), "{row} not in the plan table");
    }
    let total: i64 = planned.values().sum();
    assert!(
        flat.contains(&format!("Summe{}{}", euro(total), euro(1_352_050))),
        "sum row"
    );
    assert!(flat.contains(&squeeze("Verzug 2")), "two delays counted");
    assert!(flat.contains(&squeeze("Online gebuchte Termine")));
    assert!(
        flat.contains(&squeeze("zuletzt gemessen: 21,5 %")),
        "{text}"
    );
    assert!(flat.contains(&squeeze("Zeitraum verschoben")));
    assert!(flat.contains(&squeeze("Anbieter liefert später")));
    assert!(flat.contains(&squeeze("Schritt 1")));
    // Deterministic: the same report twice, byte for byte.
    let first = std::fs::read(&pdf).unwrap();
    report(&mut s);
    assert_eq!(std::fs::read(&pdf).unwrap(), first);
}

#[test]
fn a_fortschreibung_drafts_the_strategy_again_and_the_next_adoption_keeps_the_first_baseline() {
    let dir = temp();
    let mut s = open(&demo_draft(dir.path()));
    let e = call_err(
        &mut s,
        Command::Implementation(ImplementationCommand::StartRevision {
            label: "Fortschreibung 2029".into(),
        }),
    );
    assert!(e.message.contains("Beschluss"), "{}", e.message);
    assert!(
        strategy(&mut s).settings.watermark,
        "the draft is printed as a draft"
    );
    let first = adopt(&mut s, Vec::new()).baselines[0].clone();
    // Adopted, the strategy is printed as adopted: no watermark, the decision as its version.
    let st = strategy(&mut s);
    assert!(!st.settings.watermark);
    assert_eq!(
        st.settings.version_label,
        "Beschlossen vom Gemeinderat am 18.11.2027"
    );
    run(
        &mut s,
        ImplementationCommand::StartRound {
            label: "2028".into(),
            date: day(2028, 6, 30),
        },
    );
    let dated = strategy(&mut s).settings.date;
    assert!(dated.is_some(), "the demo's strategy carries its date");
    run(
        &mut s,
        ImplementationCommand::StartRevision {
            label: "Fortschreibung 2029".into(),
        },
    );
    let st = strategy(&mut s);
    assert_eq!(st.settings.version_label, "Fortschreibung 2029");
    assert!(st.settings.watermark);
    // The new draft is not dated as the adopted version was: it carries the day it is made.
    assert_eq!(st.settings.date, None);
    assert!(
        st.sections.iter().all(|s| !s.approved),
        "every chapter to be approved anew"
    );
    // The plan changes; the second adoption freezes version 2, the first stays as it was.
    save_measure(
        &mut s,
        Measure {
            title: "Neue Maßnahme der Fortschreibung".into(),
            ..Default::default()
        },
    );
    let v = run(
        &mut s,
        ImplementationCommand::Adopt {
            date: day(2029, 3, 1),
            body: "Gemeinderat".into(),
            drucksache: "GR 2029/007".into(),
            result: AdoptionResult::Beschlossen,
            changes: String::new(),
            label: "Digitalisierungsstrategie 2029".into(),
            decisions: Vec::new(),
        },
    );
    assert_eq!(
        v.baselines.iter().map(|b| b.version).collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert_eq!(v.baselines[1], first, "the first baseline is unchanged");
    assert_eq!(v.adoptions.len(), 2);
    assert!(
        v.deviations.is_empty(),
        "measured against the new baseline: {:?}",
        v.deviations
    );
    // The earlier round's report still compares with the first baseline.
    let pdf = dir.path().join("alt.pdf");
    let old_round = v.rounds.iter().find(|r| r.label == "2028").unwrap().id;
    call(
        &mut s,
        Command::Implementation(ImplementationCommand::Report {
            path: pdf.display().to_string(),
            round_id: Some(old_round),
            date: Some("2028-07-01".into()),
        }),
    );
    let text = squeeze(&crate::report::text_of(&pdf, 1, 2));
    assert!(
        text.contains(&squeeze(&first.label)),
        "the first strategy's report"
    );
}

#[test]
fn the_demo_is_a_year_into_its_implementation_and_its_overview_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, overview) = open_with_overview(&demo(dir.path()));
    let v = get(&mut s);

    // The council's decision froze the 40 measures of the draft; three were decided otherwise.
    assert_eq!(v.adoptions.len(), 1);
    let adoption = &v.adoptions[0];
    assert_eq!(
        (adoption.date, adoption.drucksache.as_str()),
        (Some(day(2025, 11, 3)), "GR 2025/118")
    );
    let baseline = &v.baselines[0];
    assert_eq!(baseline.measures.len(), 40);
    let decided = |d: MeasureDecision| baseline.measures.iter().filter(|m| m.decision == d).count();
    assert_eq!(
        [
            MeasureDecision::Gestrichen,
            MeasureDecision::Zurueckgestellt,
            MeasureDecision::Geaendert
        ]
        .map(decided),
        [1, 1, 1]
    );
    // The struck measure left the plan; the baseline keeps it as put to the vote.
    let plan = measures(&mut s).measures;
    let struck = baseline
        .measures
        .iter()
        .find(|m| m.decision == MeasureDecision::Gestrichen)
        .unwrap();
    assert_eq!(struck.title, "Füllstandsmessung an Glascontainern");
    assert!(plan.iter().all(|m| m.measure.id != struck.measure_id));
    assert_eq!(plan.len(), 40, "39 adopted and one added since");

    // Two rounds after the decision, the newest shown; every entry that has begun reports
    // a light, each delay or stop with its reason.
    let dates: Vec<_> = v.rounds.iter().map(|r| r.date.unwrap()).collect();
    assert_eq!(dates, [day(2026, 11, 23), day(2026, 6, 22)]);
    let round = v.round.as_ref().unwrap();
    assert_eq!(round.round.id, v.rounds[0].id);
    // The struck measure has no entry; the one added after the adoption has.
    assert_eq!(round.entries.len(), 40);
    // The measure the council put back reports nothing and is not a missing report: it had
    // been counted „ohne Meldung“, and the overview asked to collect its report.
    let deferred: Vec<&str> = round
        .entries
        .iter()
        .filter(|e| e.deferred)
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(deferred, ["Echtzeit-Fahrgastinformation"]);
    assert_eq!((round.deferred, round.unreported), (1, 0));
    // Nor are its carried values a status to confirm: 13 unchanged, not 14.
    assert_eq!(round.unchanged, 13);
    let o = match call(&mut s, Command::Project(ProjectCommand::Overview)) {
        Reply::Overview(o) => o,
        other => panic!("{other:?}"),
    };
    let summary = o.implementation.as_ref().unwrap();
    assert_eq!((summary.deferred, summary.unreported), (1, 0));
    // Nor is its 0 % part of the mean progress (below): it is not being implemented.
    assert_eq!((summary.entries, summary.progress_reported), (39, 39));
    assert!(
        !o.next_steps
            .iter()
            .any(|n| n.text.contains("Meldungen einholen")),
        "{:?}",
        o.next_steps
    );
    for e in &round.entries {
        if matches!(
            e.entry.light,
            Some(TrafficLight::Verzug | TrafficLight::Gefaehrdet | TrafficLight::Gestoppt)
        ) {
            assert!(!e.entry.reason.is_empty(), "{} ohne Grund", e.number);
        }
    }
    for c in &round.lights {
        let counted = round
            .entries
            .iter()
            .filter(|e| e.entry.light == Some(c.light))
            .count();
        assert_eq!(c.count as usize, counted, "{:?}", c.light);
    }
    assert!(
        round.lights.iter().all(|c| c.count > 0),
        "{:?}",
        round.lights
    );

    // Plan against actual: the year's actual costs are the round's entries' sum.
    let actual_2026: i64 = round
        .entries
        .iter()
        .flat_map(|e| &e.entry.actual_costs)
        .filter(|a| a.year == 2026)
        .map(|a| a.cents)
        .sum();
    assert!(actual_2026 > 0);
    let row = v.plan_vs_actual.iter().find(|r| r.year == 2026).unwrap();
    assert_eq!(row.actual_cents, Some(actual_2026));
    // A partial sum says how many of the measures planned for the year reported: beside the
    // plan it read like money not spent.
    // Counted per measure: a report for a year without a plan is counted apart.
    let planned_2026: Vec<Uuid> = v.baselines[0]
        .measures
        .iter()
        .filter(|b| {
            b.decision != MeasureDecision::Gestrichen
                && b.decision != MeasureDecision::Zurueckgestellt
        })
        .filter(|b| b.cost_by_year.iter().any(|a| a.year == 2026 && a.cents > 0))
        .map(|b| b.measure_id)
        .collect();
    let reporting: Vec<Uuid> = round
        .entries
        .iter()
        .filter(|e| e.entry.actual_costs.iter().any(|a| a.year == 2026))
        .map(|e| e.entry.measure_id)
        .collect();
    let reported = reporting
        .iter()
        .filter(|id| planned_2026.contains(id))
        .count();
    let unplanned = reporting.len() - reported;
    assert!(
        reported < planned_2026.len(),
        "{reported} of {planned_2026:?}"
    );
    assert_eq!(
        row.actual_label,
        format!(
            "{} ({reported} von {} gemeldet{})",
            zukunftskommune::analysis::format_euro(actual_2026),
            planned_2026.len(),
            if unplanned > 0 {
                format!(", dazu {unplanned} ohne Plan")
            } else {
                String::new()
            }
        )
    );
    let later = v.plan_vs_actual.iter().find(|r| r.year == 2027).unwrap();
    assert_eq!(
        (later.actual_cents, later.actual_label.as_str()),
        (None, "–")
    );

    // What changed since the decision: a shifted period, a new cost, a new measure.
    let kinds: Vec<_> = v
        .deviations
        .iter()
        .map(|d| (d.kind, d.title.as_str()))
        .collect();
    for expected in [
        (DeviationKind::PeriodShifted, "Einführung der E-Akte"),
        (
            DeviationKind::CostChanged,
            "Öffentliches WLAN an Treffpunkten",
        ),
        (
            DeviationKind::New,
            "Digitale Sitzungsunterlagen für den Gemeinderat",
        ),
    ] {
        assert!(kinds.contains(&expected), "{expected:?} fehlt: {kinds:?}");
    }

    // Indicators of goals and measures, each a series of values after its start value.
    assert_eq!(v.kpis.len(), 9);
    assert_eq!(v.kpis.iter().filter(|k| k.kpi.goal_id.is_some()).count(), 4);
    for k in &v.kpis {
        assert!(!k.values.is_empty(), "{}", k.kpi.name);
        assert!(
            k.values.iter().all(|x| x.date > k.kpi.baseline_date),
            "{}",
            k.kpi.name
        );
    }
    assert!(v.kpis.iter().filter(|k| k.values.len() >= 2).count() >= 7);

    // The measures' status follows the newest round.
    let measures = match call(&mut s, Command::Measures(MeasuresCommand::Get)) {
        Reply::Measures(m) => m.measures,
        other => panic!("{other:?}"),
    };
    for e in &round.entries {
        let m = measures
            .iter()
            .find(|m| m.measure.id == e.entry.measure_id)
            .unwrap();
        if e.entry.light == Some(TrafficLight::Abgeschlossen) {
            assert_eq!(m.measure.status, MeasureStatus::Umgesetzt, "{}", e.number);
        }
    }

    // The overview's Umsetzung repeats the newest round's counts.
    let u = overview
        .implementation
        .expect("overview shows the Umsetzung");
    assert_eq!(u.strategy, "Digitalisierungsstrategie Musterstadt 2030");
    assert_eq!(u.round.as_ref().map(|r| r.id), Some(round.round.id));
    assert_eq!(
        u.lights.iter().map(|c| c.count).collect::<Vec<_>>(),
        round.lights.iter().map(|c| c.count).collect::<Vec<_>>()
    );
    assert_eq!(u.unreported, round.unreported);
    // The measure put back by the council is not being implemented: not in the mean.
    let progress: Vec<u32> = round
        .entries
        .iter()
        .filter(|e| !e.deferred)
        .filter_map(|e| e.entry.progress.map(u32::from))
        .collect();
    let n = progress.len() as u32;
    assert_eq!(
        u.progress,
        Some(((progress.iter().sum::<u32>() + n / 2) / n) as u8)
    );
    // The mean says on how many of the round's measures it rests (all but the one put back).
    assert_eq!(
        (u.progress_reported, u.entries),
        (n, round.entries.len() as u32 - 1)
    );
    assert_eq!(u.kpis, 9);
    assert_eq!(
        u.kpis_reached as usize,
        v.kpis.iter().filter(|k| k.reached == Some(true)).count()
    );
    assert_eq!(u.deviating_measures, 3);

    // The draft before the vote has no Umsetzung.
    let draft_dir = tempfile::tempdir().unwrap();
    let (mut d, draft) = open_with_overview(&demo_draft(draft_dir.path()));
    assert!(draft.implementation.is_none());
    let dv = get(&mut d);
    assert!(dv.adoptions.is_empty() && dv.rounds.is_empty() && dv.kpis.is_empty());
}

/// Status forms are named after their department: a long name, one ending in „e. V.“ and two
/// that read alike once cut each get a file of their own that every file system takes (a long
/// department made the export fail; „e. V..xlsx“ lost its dot on Windows), and they come back.
#[test]
fn status_forms_of_long_and_alike_departments_get_names_of_their_own() {
    let dir = temp();
    let path = demo_draft(dir.path());
    let mut s = open(&path);
    let long = "Fachbereich 3 – Bürgerdienste, Ordnung, Straßenverkehr, Gewerbe, Standesamt, Friedhofswesen und Wahlen";
    let ms = measures(&mut s).measures;
    for (m, lead) in ms.iter().zip([
        format!("{long} (Team Nord)"),
        format!("{long} (Team Süd)"),
        "Digital Hub Musterstadt e. V.".to_string(),
    ]) {
        run_json(
            &mut s,
            &serde_json::json!({"measures": {"save_measure": {"id": m.measure.id, "lead": lead}}})
                .to_string(),
        )
        .unwrap();
    }
    adopt(&mut s, Vec::new());
    run(
        &mut s,
        ImplementationCommand::StartRound {
            label: "Statusrunde 1. Halbjahr 2028".into(),
            date: day(2028, 6, 30),
        },
    );
    let forms = dir.path().join("Formulare");
    let Reply::StatusForms(written) = call(
        &mut s,
        Command::Implementation(ImplementationCommand::StatusForms {
            dir: forms.display().to_string(),
        }),
    ) else {
        panic!()
    };
    let names: Vec<String> = written
        .files
        .iter()
        .map(|f| {
            std::path::Path::new(f)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut distinct = names.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        names.len(),
        "one file per department: {names:?}"
    );
    for name in &names {
        // The round's label is not repeated after „Statusmeldung“.
        assert!(
            name.starts_with("Statusmeldung 1. Halbjahr 2028 – "),
            "{name}"
        );
        assert!(name.len() < 200, "{name} ({} bytes)", name.len());
        assert!(!name.contains("..") && !name.contains(". .xlsx"), "{name}");
        assert!(std::path::Path::new(&forms).join(name).is_file(), "{name}");
    }
    assert!(
        names
            .iter()
            .any(|n| n.ends_with("Digital Hub Musterstadt e. V.xlsx")),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n.ends_with(" (2).xlsx")), "{names:?}");
    // Every form comes back: no problem reading any of them.
    let Reply::StatusImport(back) = call(
        &mut s,
        Command::Implementation(ImplementationCommand::StatusImport {
            paths: written.files.clone(),
            apply: false,
        }),
    ) else {
        panic!()
    };
    assert!(back.problems.is_empty(), "{:?}", back.problems);
}

/// A strategy without measures has nothing to freeze as its Ausgangsbasis: its Beschluss is
/// refused in German and writes nothing.
#[test]
fn a_strategy_without_measures_cannot_be_adopted() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Ohne Maßnahmen");
    let before = live_state(&mut s);
    let e = call_err(&mut s, adoption_on(day(2027, 11, 18)));
    assert!(e.message.contains("noch keine Maßnahmen"), "{}", e.message);
    assert_eq!(live_state(&mut s), before);
    assert!(get(&mut s).adoptions.is_empty());
}

/// The Halbheim case: the Bauantrag had its money planned for 2027 and reports 10.000 € in
/// 2028; the Ratsinformationssystem had 1.200 € planned for 2028 and reports nothing. The
/// year 2028 read „10.000 €“ as if every planned measure had reported, because reports were
/// counted, not the measures that planned for the year.
#[test]
fn a_report_without_a_plan_for_the_year_does_not_stand_in_for_a_missing_one() {
    let dir = temp();
    let mut s = project_with_periods(
        dir.path(),
        &[("2027-Q4", "2028-Q4"), ("2028-Q1", "2028-Q4")],
    );
    let ids: Vec<Uuid> = measures(&mut s)
        .measures
        .iter()
        .map(|m| m.measure.id)
        .collect();
    let (bauantrag, ris) = (ids[0], ids[1]);
    for (id, field, cents) in [
        (bauantrag, "cost_once_cents", 4_000_000),
        (ris, "cost_yearly_cents", 120_000),
    ] {
        run_json(
            &mut s,
            &serde_json::json!({"measures": {"save_measure": {"id": id, field: cents}}})
                .to_string(),
        )
        .unwrap();
    }
    call(&mut s, adoption_on(day(2027, 11, 18)));
    run(
        &mut s,
        ImplementationCommand::StartRound {
            label: "2028".into(),
            date: day(2028, 6, 30),
        },
    );
    let v = report_actual_costs(&mut s, bauantrag, 2028, 1_000_000);
    let year = |v: &ImplementationView, y: i32| {
        v.plan_vs_actual
            .iter()
            .find(|r| r.year == y)
            .unwrap()
            .clone()
    };
    let planned_2027 = year(&v, 2027);
    assert_eq!(
        (
            planned_2027.planned_cents,
            planned_2027.actual_label.as_str()
        ),
        (4_000_000, "–")
    );
    let y2028 = year(&v, 2028);
    assert_eq!(
        (
            y2028.planned_cents,
            y2028.actual_cents,
            y2028.planned_measures,
            y2028.reported_measures
        ),
        (120_000, Some(1_000_000), 1, 0)
    );
    assert_eq!(
        y2028.actual_label,
        "10.000\u{a0}€ (0 von 1 gemeldet, dazu 1 ohne Plan)"
    );
    // The Umsetzungsbericht prints the same label.
    let text = round_report_text(&mut s, &dir.path().join("u.pdf"));
    assert!(
        text.contains(&squeeze(
            "2028 1.200 € 10.000 € (0 von 1 gemeldet, dazu 1 ohne Plan)"
        )),
        "{text}"
    );

    // Once the Ratsinformationssystem reports, the year is complete and reads as a plain sum.
    let v = report_actual_costs(&mut s, ris, 2028, 100_000);
    let y2028 = year(&v, 2028);
    assert_eq!(
        (y2028.reported_measures, y2028.actual_label.as_str()),
        (1, "11.000\u{a0}€")
    );
}

/// An indicator without a measured value gets no figure in the Umsetzungsbericht – it was an
/// empty chart with the target line alone – and gets one with its first value.
#[test]
fn an_indicator_gets_its_figure_with_its_first_value() {
    let dir = temp();
    let mut s = project_with_periods(dir.path(), &[("2027-Q4", "2028-Q4")]);
    let measure = measures(&mut s).measures[0].measure.id;
    let kpi = run(
        &mut s,
        ImplementationCommand::SaveKpi(
            Kpi {
                measure_id: Some(measure),
                name: "Online-Sitzungsunterlagen".into(),
                unit: "%".into(),
                target_value: Some(100.0),
                ..Default::default()
            }
            .into(),
        ),
    )
    .written
    .saved
    .unwrap();
    call(&mut s, adoption_on(day(2027, 11, 18)));
    run(
        &mut s,
        ImplementationCommand::StartRound {
            label: "Statusrunde 1. Halbjahr 2028".into(),
            date: day(2028, 6, 30),
        },
    );
    let pdf = dir.path().join("u.pdf");
    let flat = round_report_text(&mut s, &pdf);
    assert!(
        flat.contains(&squeeze(
            "Die „Statusrunde 1. Halbjahr 2028“ umfasst 1 Maßnahme"
        )),
        "the round named once: {flat}"
    );
    // The sentence names the target („Ziel: 100 %“); the figure labels its line („Ziel 100 %“).
    assert!(
        flat.contains(&squeeze("Ziel: 100 % · zuletzt gemessen: nicht erfasst.")),
        "{flat}"
    );
    assert!(
        !flat.contains(&squeeze("Ziel 100 %")),
        "an empty figure: {flat}"
    );
    run(
        &mut s,
        ImplementationCommand::SaveKpiValue(
            KpiValue {
                kpi_id: kpi,
                date: Some(day(2028, 6, 30)),
                value: Some(35.0),
                ..Default::default()
            }
            .into(),
        ),
    );
    let flat = round_report_text(&mut s, &pdf);
    assert!(flat.contains(&squeeze("zuletzt gemessen: 35 %")), "{flat}");
    assert!(flat.contains(&squeeze("Ziel 100 %")), "no figure: {flat}");
}

/// A round begins with the last values, so a department that never answered looked as if it
/// had reported the same again. The round now counts the statuses unchanged since the round
/// before and says so – in the view and in the Umsetzungsbericht.
#[test]
fn a_round_says_which_statuses_are_unchanged_since_the_round_before() {
    let dir = temp();
    let mut s = project_with_periods(
        dir.path(),
        &[
            ("2027-Q4", "2028-Q4"),
            ("2028-Q1", "2028-Q4"),
            ("2028-Q1", "2029-Q4"),
            ("2028-Q2", "2029-Q4"),
        ],
    );
    let ids: Vec<Uuid> = measures(&mut s)
        .measures
        .iter()
        .map(|m| m.measure.id)
        .collect();
    call(&mut s, adoption_on(day(2027, 11, 18)));
    let start = |s: &mut Session, label: &str, date: NaiveDate| {
        run(
            s,
            ImplementationCommand::StartRound {
                label: label.into(),
                date,
            },
        )
    };
    // The status form's „Hinweise“ sheet, as the department reads it.
    let hints = |s: &mut Session| -> String {
        let dir = tempfile::tempdir().unwrap();
        let Reply::StatusForms(written) = call(
            s,
            Command::Implementation(ImplementationCommand::StatusForms {
                dir: dir.path().display().to_string(),
            }),
        ) else {
            panic!()
        };
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&written.files[0]).unwrap();
        let sheet = calamine::Reader::worksheet_range(&mut book, "Hinweise").unwrap();
        sheet
            .rows()
            .flatten()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let v = start(&mut s, "Statusrunde 1. Halbjahr 2028", day(2028, 6, 30));
    let round = v.round.unwrap();
    assert_eq!(
        (round.unchanged, round.unchanged_note),
        (0, None),
        "the first round"
    );
    // Three of four measures report; the fourth stays without a status.
    for (entry, (light, progress)) in round.entries.iter().zip([
        (TrafficLight::ImPlan, 50),
        (TrafficLight::Verzug, 20),
        (TrafficLight::Abgeschlossen, 100),
    ]) {
        run(
            &mut s,
            ImplementationCommand::SaveEntry(
                StatusEntry {
                    light: Some(light),
                    progress: Some(progress),
                    reason: "Personal fehlt".into(),
                    ..entry.entry.clone()
                }
                .into(),
            ),
        );
    }
    let v = start(&mut s, "2. Halbjahr 2028", day(2028, 12, 31));
    let round = v.round.unwrap();
    assert_eq!(
        round.unchanged, 2,
        "the one without a status is not counted"
    );
    assert_eq!(
        round.unchanged_note.as_deref(),
        Some(
            "Bei 2 Maßnahmen sind die Angaben unverändert seit der „Statusrunde 1. Halbjahr 2028“."
        )
    );
    // The department's form says it is filled with the round before's values.
    assert!(
        hints(&mut s).contains(
            "Vorausgefüllt sind die Angaben aus der „Statusrunde 1. Halbjahr 2028“: bitte jede Zeile prüfen"
        ),
        "{}",
        hints(&mut s)
    );
    // One department answers: its progress moved on.
    let first = round
        .entries
        .iter()
        .find(|e| e.entry.measure_id == ids[0])
        .unwrap();
    let v = run(
        &mut s,
        ImplementationCommand::SaveEntry(
            StatusEntry {
                progress: Some(80),
                ..first.entry.clone()
            }
            .into(),
        ),
    );
    let round = v.round.unwrap();
    assert_eq!(round.unchanged, 1);
    let text = round_report_text(&mut s, &dir.path().join("u.pdf"));
    assert!(
        text.contains(&squeeze(
            "Die Statusrunde „2. Halbjahr 2028“ umfasst 4 Maßnahmen: 1 im Plan, 1 Verzug, 1 abgeschlossen, 1 ohne Meldung."
        )),
        "{text}"
    );
    assert!(
        text.contains(&squeeze(
            "Bei 1 Maßnahme sind die Angaben unverändert seit der „Statusrunde 1. Halbjahr 2028“."
        )),
        "{text}"
    );
}

fn decision_on(date: NaiveDate, result: AdoptionResult) -> ImplementationCommand {
    ImplementationCommand::Adopt {
        date,
        body: "Gemeinderat".into(),
        drucksache: String::new(),
        result,
        changes: String::new(),
        label: String::new(),
        decisions: Vec::new(),
    }
}

/// A council that postpones the strategy has put nothing in force: no status round reports on
/// it, and the vote that adopts it later makes version 1, not 2. A rejected Fortschreibung
/// leaves the strategy in force as it was: rounds and deviations keep measuring against it.
#[test]
fn a_postponed_or_rejected_vote_puts_nothing_in_force() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Vertagtheim");
    save_measure(
        &mut s,
        Measure {
            title: "Online-Terminvergabe".into(),
            ..Default::default()
        },
    );
    let v = run(
        &mut s,
        decision_on(day(2026, 3, 10), AdoptionResult::Vertagt),
    );
    assert_eq!((v.stage, v.in_force), (StrategyStage::Entwurf, None));
    assert!(
        strategy(&mut s).settings.watermark,
        "still printed as a draft"
    );
    let round = |label: &str, date| ImplementationCommand::StartRound {
        label: label.into(),
        date,
    };
    let e = call_err(
        &mut s,
        Command::Implementation(round("Runde", day(2026, 4, 1))),
    );
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(e.message.contains("vertagte"), "{}", e.message);
    assert!(
        get(&mut s).rounds.is_empty(),
        "the refused round left nothing"
    );

    let v = run(
        &mut s,
        decision_on(day(2026, 5, 5), AdoptionResult::Beschlossen),
    );
    let adopted = v.adoptions[0].baseline_id;
    assert_eq!(
        (v.stage, v.in_force),
        (StrategyStage::InKraft, Some(adopted))
    );
    let version =
        |v: &ImplementationView, id| v.baselines.iter().find(|b| b.id == id).unwrap().version;
    assert_eq!(
        version(&v, adopted),
        1,
        "the first adopted strategy is version 1"
    );
    let v = run(&mut s, round("1. Halbjahr", day(2026, 6, 30)));
    assert_eq!(v.round.unwrap().round.baseline_id, Some(adopted));

    // The Fortschreibung adds a measure; the council rejects it.
    run(
        &mut s,
        ImplementationCommand::StartRevision {
            label: "Fortschreibung".into(),
        },
    );
    assert_eq!(get(&mut s).stage, StrategyStage::Fortschreibung);
    save_measure(
        &mut s,
        Measure {
            title: "Neue Maßnahme der Fortschreibung".into(),
            ..Default::default()
        },
    );
    let v = run(
        &mut s,
        decision_on(day(2026, 9, 1), AdoptionResult::Abgelehnt),
    );
    assert_eq!(v.adoptions[0].result, AdoptionResult::Abgelehnt);
    assert_eq!(
        v.in_force,
        Some(adopted),
        "the adopted strategy stays in force"
    );
    assert_eq!(
        v.stage,
        StrategyStage::Fortschreibung,
        "the draft stays a draft"
    );
    assert_eq!(
        version(&v, v.adoptions[0].baseline_id),
        2,
        "the version put to the vote"
    );
    assert_eq!(
        v.deviations
            .iter()
            .map(|d| (d.kind, d.title.as_str()))
            .collect::<Vec<_>>(),
        [(DeviationKind::New, "Neue Maßnahme der Fortschreibung")],
        "measured against the strategy in force, not the rejected plan"
    );
    let v = run(&mut s, round("2. Halbjahr", day(2026, 12, 1)));
    assert_eq!(v.round.unwrap().round.baseline_id, Some(adopted));
}

/// Before the first status round nobody has been asked for actual costs: the chart printed
/// „Ist nicht gemeldet“ under every year of a strategy adopted the day before. It shows the
/// plan alone until a round begins, and from then on says which years have no report.
#[test]
fn before_the_first_round_the_cost_chart_shows_the_plan_alone() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Neurunde");
    save_measure(
        &mut s,
        Measure {
            title: "WLAN im Rathaus".into(),
            start_quarter: Some("2027-Q2".into()),
            end_quarter: Some("2028-Q2".into()),
            cost_once_cents: Some(800_000),
            cost_yearly_cents: Some(120_000),
            ..Default::default()
        },
    );
    let v = run(
        &mut s,
        decision_on(day(2026, 11, 20), AdoptionResult::Beschlossen),
    );
    let chart = &v.plan_vs_actual_chart;
    assert!(chart.svg.contains("geplant (Beschluss)"));
    assert!(
        !chart.svg.contains(">Ist<") && !chart.svg.contains("nicht gemeldet"),
        "{}",
        chart.svg
    );
    assert!(
        chart.alt.contains("erst mit der ersten Statusrunde"),
        "{}",
        chart.alt
    );
    let v = run(
        &mut s,
        ImplementationCommand::StartRound {
            label: "Frühjahr".into(),
            date: day(2027, 6, 30),
        },
    );
    let chart = &v.plan_vs_actual_chart;
    assert!(chart.svg.contains(">Ist<") && chart.svg.contains("Ist nicht gemeldet"));
    assert!(chart.alt.contains("Ist nicht gemeldet"), "{}", chart.alt);
    // 2028 has not begun at a Stichtag in June 2027: its Ist is not missing, only 2027's.
    assert_eq!(
        v.plan_vs_actual.iter().map(|r| r.year).collect::<Vec<_>>(),
        [2027, 2028]
    );
    assert_eq!(chart.svg.matches("Ist nicht gemeldet").count(), 1);
    assert_eq!(
        chart.alt.matches("Ist nicht gemeldet").count(),
        1,
        "{}",
        chart.alt
    );
    assert!(
        chart.alt.ends_with(
            "2027: geplant 9.200\u{a0}€, Ist nicht gemeldet; 2028: geplant 1.200\u{a0}€."
        ),
        "{}",
        chart.alt
    );
}

/// The titles in every status form written for the session's newest round, and the measures
/// the reply names as left out.
fn titles_in_status_forms(s: &mut Session) -> (Vec<String>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let Reply::StatusForms(written) = call(
        s,
        Command::Implementation(ImplementationCommand::StatusForms {
            dir: dir.path().display().to_string(),
        }),
    ) else {
        panic!()
    };
    let mut titles = Vec::new();
    for f in &written.files {
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(f).unwrap();
        let sheet = calamine::Reader::worksheet_range(&mut book, "Status").unwrap();
        titles.extend(sheet.rows().skip(1).map(|r| r[1].to_string()));
    }
    (titles, written.put_back)
}

#[test]
fn a_status_form_asks_nothing_of_a_measure_the_council_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&demo(dir.path()));
    let round = get(&mut s).round.unwrap();
    let put_back = round.entries.iter().find(|e| e.deferred).unwrap().clone();
    assert_eq!(put_back.title, "Echtzeit-Fahrgastinformation");
    // Its department had found it in its form with an empty Ampel, as if a report were missing.
    let (titles, left_out) = titles_in_status_forms(&mut s);
    assert_eq!(titles.len(), round.entries.len() - 1, "{titles:?}");
    assert!(!titles.contains(&put_back.title), "{titles:?}");
    // The window names it beside the forms written.
    assert_eq!(
        left_out,
        [format!("{} Echtzeit-Fahrgastinformation", put_back.number)]
    );

    // Once reported on all the same (begun after all), it is in its department's form again.
    run(
        &mut s,
        ImplementationCommand::SaveEntry(
            StatusEntry {
                light: Some(TrafficLight::ImPlan),
                ..put_back.entry.clone()
            }
            .into(),
        ),
    );
    let (titles, left_out) = titles_in_status_forms(&mut s);
    assert!(titles.contains(&put_back.title));
    assert!(left_out.is_empty());
}

#[test]
fn status_forms_are_refused_when_the_council_put_back_every_measure() {
    let dir = temp();
    let mut s = open(&demo_draft(dir.path()));
    let decisions = measures(&mut s)
        .measures
        .iter()
        .map(|m| DecisionOf {
            measure_id: m.measure.id,
            decision: MeasureDecision::Zurueckgestellt,
        })
        .collect();
    adopt(&mut s, decisions);
    run(
        &mut s,
        ImplementationCommand::StartRound {
            label: "1. Halbjahr 2028".into(),
            date: day(2028, 6, 30),
        },
    );
    let forms = dir.path().join("Formulare");
    let e = call_err(
        &mut s,
        Command::Implementation(ImplementationCommand::StatusForms {
            dir: forms.display().to_string(),
        }),
    );
    assert_eq!(
        e.message,
        "Alle Maßnahmen der Statusrunde sind zurückgestellt: es gibt keine Meldung einzuholen."
    );
    assert!(!forms.exists(), "nothing is written");
}

#[test]
fn an_earlier_rounds_report_shows_the_indicators_of_its_stichtag_and_says_its_plan_is_of_today() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let v = get(&mut s);
    let june = v
        .rounds
        .iter()
        .find(|r| r.date == Some(day(2026, 6, 22)))
        .unwrap()
        .id;
    let text = report_text_of_round(&mut s, &dir.path().join("Juni.pdf"), Some(june));
    // The demo measured 7 online services on 22.06. and 11 on 23.11.2026: a reprint of the June
    // round had printed November's 11 under June's name.
    assert_says(
        &text,
        "Messwerte bis zum Stichtag dieser Statusrunde (22.06.2026)",
    );
    assert_says(&text, "zuletzt gemessen: 7 Leistungen am 22.06.2026");
    assert!(!text.contains("23.11.2026"), "{text}");
    // Measured first on 30.06.2026, after June's Stichtag: nothing yet in that round.
    assert_says(
        &text,
        "Ausgangswert: 38 % · Ziel: 95 % bis 31.12.2030 · zuletzt gemessen: nicht erfasst.",
    );
    // The plan is today's, and the report says so above the table.
    assert_says(
        &text,
        "Die Spalte „jetzt“ zeigt den Plan am 15.07.2028, nicht am Stichtag der Statusrunde.",
    );

    // The newest round shows every value with its date, and no such notes.
    let text = round_report_text(&mut s, &dir.path().join("November.pdf"));
    assert_says(&text, "zuletzt gemessen: 11 Leistungen am 23.11.2026");
    assert!(!text.contains("Messwerte bis zum Stichtag"), "{text}");
    // Printed on 15.07.2028: the course target for 2026 was last measured in November 2026
    // (214 of 300); it had read „noch nicht erreicht“ as if there were time left.
    assert_says(&text, "Ziel: 300 Personen bis 31.12.2026 · zuletzt gemessen: 214 Personen am 23.11.2026. \
             Das Zieldatum (31.12.2026) ist verstrichen; ob das Ziel erreicht wurde, zeigt erst ein Messwert danach.");
    // The Gigabit target of 2030 is still open.
    assert_says(
        &text,
        "zuletzt gemessen: 51 % am 31.10.2026. Das Ziel ist noch nicht erreicht.",
    );
    assert!(!text.contains("zeigt den Plan am"), "{text}");
    assert_says(&text, "3 Maßnahmen weichen vom Beschluss ab");

    // A Fortschreibung decided later freezes today's plan: the November round, which reports on
    // the first decision and names it, still lists the deviations from that one (it had said
    // „Der Plan entspricht dem Beschluss.“ under the first decision's name).
    call(&mut s, adoption_on(day(2027, 1, 20)));
    assert!(get(&mut s).deviations.is_empty());
    let text = report_text_of_round(
        &mut s,
        &dir.path().join("November2.pdf"),
        Some(v.rounds[0].id),
    );
    assert_says(&text, "Beschluss: Gemeinderat am 03.11.2025");
    assert_says(&text, "3 Maßnahmen weichen vom Beschluss ab");
}

#[test]
fn an_indicator_measured_after_its_target_date_without_reaching_it_is_called_missed() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let kpi = demo_course_participants(&mut s);
    run(
        &mut s,
        ImplementationCommand::SaveKpiValue(
            KpiValue {
                kpi_id: kpi.kpi.id,
                date: Some(day(2027, 1, 15)),
                value: Some(262.0),
                ..Default::default()
            }
            .into(),
        ),
    );
    let text = round_report_text(&mut s, &dir.path().join("u.pdf"));
    assert_says(&text, "zuletzt gemessen: 262 Personen am 15.01.2027. Das Ziel ist zum Zieldatum (31.12.2026) nicht erreicht.");
}

/// A department's form of the June round, sent back after the December round began, had been
/// written into the June round – already reported on – and not into the round running now.
#[test]
fn a_form_of_an_earlier_round_is_refused_once_a_newer_round_runs() {
    let dir = temp();
    let (mut s, _) = a_round_and_a_copy(dir.path(), "Kopie.zukunft");
    let forms = dir.path().join("Formulare");
    let Reply::StatusForms(written) = call(
        &mut s,
        Command::Implementation(ImplementationCommand::StatusForms {
            dir: forms.display().to_string(),
        }),
    ) else {
        panic!()
    };
    let form = written.files[0].clone();
    run(
        &mut s,
        ImplementationCommand::StartRound {
            label: "2. Halbjahr 2028".into(),
            date: day(2028, 12, 15),
        },
    );
    let before = live_state(&mut s);
    let import = |apply: bool| {
        Command::Implementation(ImplementationCommand::StatusImport {
            paths: vec![form.clone()],
            apply,
        })
    };
    let preview = match call(&mut s, import(false)) {
        Reply::StatusImport(r) => r,
        other => panic!("{other:?}"),
    };
    let refusal = "Das Formular gehört zur Statusrunde „1. Halbjahr 2028“; inzwischen läuft die \
                   Statusrunde „2. Halbjahr 2028“. Bitte die Angaben mit den Statusformularen der \
                   neuesten Runde melden lassen.";
    let messages: Vec<&str> = preview
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(messages, [refusal]);
    assert!(call_err(&mut s, import(true)).message.contains(refusal));
    assert_eq!(live_state(&mut s), before, "nothing written");
}

/// A Fortschreibung adopted as a whole keeps a measure the plan puts back as put back: the
/// demo's deferred Echtzeit-Fahrgastinformation had been frozen as „beschlossen“, and the next
/// round counted it „ohne Meldung“ and asked for its report. Named as adopted, it is planned again.
#[test]
fn a_measure_put_back_stays_put_back_when_the_council_does_not_name_it() {
    let dir = temp();
    let path = demo(dir.path());
    let revise_and_adopt = |s: &mut Session, decisions: Vec<DecisionOf>| {
        run(
            s,
            ImplementationCommand::StartRevision {
                label: "Fortschreibung 2027".into(),
            },
        );
        run(
            s,
            ImplementationCommand::Adopt {
                date: day(2027, 3, 1),
                body: "Gemeinderat".into(),
                drucksache: "GR 2027/012".into(),
                result: AdoptionResult::Beschlossen,
                changes: String::new(),
                label: String::new(),
                decisions,
            },
        );
        run(
            s,
            ImplementationCommand::StartRound {
                label: "1. Halbjahr 2027".into(),
                date: day(2027, 6, 30),
            },
        )
    };
    let echtzeit = |s: &mut Session| {
        measures(s)
            .measures
            .into_iter()
            .find(|m| m.measure.title == "Echtzeit-Fahrgastinformation")
            .unwrap()
            .measure
    };

    let mut s = open(&path);
    let deferred = echtzeit(&mut s);
    assert_eq!(deferred.status, MeasureStatus::Zurueckgestellt);
    let v = revise_and_adopt(&mut s, Vec::new());
    let newest = v.baselines.iter().max_by_key(|b| b.version).unwrap();
    assert_eq!(newest.version, 2);
    let frozen = newest
        .measures
        .iter()
        .find(|m| m.measure_id == deferred.id)
        .unwrap();
    assert_eq!(frozen.decision, MeasureDecision::Zurueckgestellt);
    let round = v.round.unwrap();
    assert_eq!((round.deferred, round.unreported), (1, 0));
    assert_eq!(echtzeit(&mut s).status, MeasureStatus::Zurueckgestellt);

    // Named as adopted, it is back in the plan and reports.
    let dir2 = temp();
    let mut s = open(&demo(dir2.path()));
    let measure_id = echtzeit(&mut s).id;
    let v = revise_and_adopt(
        &mut s,
        vec![DecisionOf {
            measure_id,
            decision: MeasureDecision::Beschlossen,
        }],
    );
    let round = v.round.unwrap();
    assert_eq!((round.deferred, round.unreported), (0, 1));
    assert_eq!(echtzeit(&mut s).status, MeasureStatus::Geplant);
}

/// An indicator's target lowered after the vote: the Umsetzungsbericht judged the new target
/// alone („Das Ziel ist erreicht.“) without a word of what the council had adopted.
#[test]
fn a_target_changed_since_the_vote_is_printed_beside_the_adopted_one() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let kpi = demo_course_participants(&mut s);
    assert_eq!(kpi.adopted_target, None);
    run_json(
        &mut s,
        &serde_json::json!({"implementation": {"save_kpi": {"id": kpi.kpi.id, "target_value": 200}}})
            .to_string(),
    )
    .unwrap();
    let now = demo_course_participants(&mut s);
    assert_eq!(now.kpi.target_value, Some(200.0));
    assert_eq!(
        now.adopted_target.as_deref(),
        Some("300 Personen bis 31.12.2026")
    );
    let text = round_report_text(&mut s, &dir.path().join("u.pdf"));
    assert_says(
        &text,
        "Ziel: 200 Personen bis 31.12.2026 (beschlossen: 300 Personen bis 31.12.2026)",
    );
}

/// The demo's indicator „Teilnehmende an Digital-Sprechstunden und Kursen“: 300 Personen by
/// 31.12.2026, last measured at 214 on 23.11.2026.
fn demo_course_participants(s: &mut Session) -> KpiView {
    get(s)
        .kpis
        .into_iter()
        .find(|k| k.kpi.name.starts_with("Teilnehmende"))
        .unwrap()
}
