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

#[test]
fn the_adoption_freezes_every_measure_with_its_decision_period_and_planned_amounts() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let m = measures(&mut s);
    let struck = m.measures[2].measure.id;
    let changed = m.measures[3].measure.id;
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
        } else {
            MeasureDecision::Beschlossen
        };
        assert_eq!(frozen.decision, decision);
    }
    assert!(
        v.deviations.is_empty(),
        "nothing differs yet: {:?}",
        v.deviations
    );
    // The adoption is one change: one undo takes adoption and baseline back.
    call(&mut s, Command::History(HistoryCommand::Undo));
    let v = get(&mut s);
    assert!(v.adoptions.is_empty() && v.baselines.is_empty());
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
    let mut s = open(&demo(dir.path()));
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
    let mut s = open(&demo(dir.path()));
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
    call(
        &mut s,
        Command::Measures(MeasuresCommand::Delete {
            kind: EntityKind::Measure,
            id: struck.id,
        }),
    );
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

#[test]
fn indicators_keep_their_series_and_say_whether_the_target_is_reached() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
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

#[test]
fn status_rounds_carry_the_last_values_count_the_lights_and_sum_actual_costs() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
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
    assert_eq!(
        round.entries.len(),
        m.len() - 1,
        "every adopted measure but the struck one"
    );
    assert!(round.entries.iter().all(|e| e.entry.measure_id != struck));
    assert_eq!(round.unreported as usize, m.len() - 1);

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
    assert_eq!(r.unreported as usize, m.len() - 1 - 3);
    // Plan against actual, summed here independently: planned = the baseline's amounts of the
    // measures not struck; actual = what the round reports.
    let baseline = &v.baselines[0];
    let mut planned = std::collections::BTreeMap::<i32, i64>::new();
    for bm in baseline
        .measures
        .iter()
        .filter(|b| b.decision != MeasureDecision::Gestrichen)
    {
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
    let mut a = open(&demo(dir.path()));
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
fn status_forms_filled_in_a_copy_come_back_as_one_undoable_change() {
    let dir = temp();
    let path = demo(dir.path());
    let mut a = open(&path);
    adopt(&mut a, Vec::new());
    run(
        &mut a,
        ImplementationCommand::StartRound {
            label: "1. Halbjahr 2028".into(),
            date: day(2028, 6, 30),
        },
    );
    // The colleague's copy: the department fills its form there.
    let copy = dir.path().join("Bauamt.zukunft");
    call(
        &mut a,
        Command::Copies(CopiesCommand::SendCopy {
            path: copy.display().to_string(),
            without_personal_data: false,
        }),
    );
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
    let mine = written
        .files
        .iter()
        .find(|f| f.ends_with(&format!("– {}.xlsx", department.replace('/', "-"))))
        .unwrap()
        .clone();
    drop(b);

    let before = export(&mut a);
    let before_rows = live_state(&mut a);
    let import = |s: &mut Session, apply: bool| match call(
        s,
        Command::Implementation(ImplementationCommand::StatusImport {
            paths: vec![mine.clone()],
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
    assert!(preview.changes.iter().all(|c| c.number == first.number));
    assert_eq!(export(&mut a), before, "the preview writes nothing");

    let applied = import(&mut a, true);
    assert!(applied.applied);
    let entry = get(&mut a).round.unwrap().entries[0].entry.clone();
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
    let mut other = open(&demo(other_dir.path()));
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

#[test]
fn the_implementation_report_is_a_tagged_pdf_with_the_round_s_numbers() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
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
    for bm in &baseline.measures {
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
    let mut s = open(&demo(dir.path()));
    let e = call_err(
        &mut s,
        Command::Implementation(ImplementationCommand::StartRevision {
            label: "Fortschreibung 2029".into(),
        }),
    );
    assert!(e.message.contains("Beschluss"), "{}", e.message);
    let first = adopt(&mut s, Vec::new()).baselines[0].clone();
    run(
        &mut s,
        ImplementationCommand::StartRound {
            label: "2028".into(),
            date: day(2028, 6, 30),
        },
    );
    run(
        &mut s,
        ImplementationCommand::StartRevision {
            label: "Fortschreibung 2029".into(),
        },
    );
    let st = strategy(&mut s);
    assert_eq!(st.settings.version_label, "Fortschreibung 2029");
    assert!(st.settings.watermark);
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
