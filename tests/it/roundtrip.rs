//! Every entity kind survives closing and reopening the file, torture text byte-exact.

use chrono::NaiveDate;
use uuid::Uuid;
use zukunftskommune::api::*;
use zukunftskommune::model::*;
use zukunftskommune::{Command, ErrorCode, Reply};

use crate::common::*;

/// Fills one entity of every kind, each text field with `text`; returns the session.
pub fn fill_every_kind(s: &mut zukunftskommune::Session, text: &str) {
    let t = || text.to_string();
    let profile = goals(s).profile;
    call(
        s,
        Command::Project(ProjectCommand::SaveProfile(
            Profile {
                mayor: t(),
                consultants: t(),
                district: t(),
                area_km2: Some(12.75),
                funding_amount_cents: Some(4_500_000),
                own_share_cents: Some(900_000),
                security_stage: Some(2),
                kind: MunicipalityKind::GrosseKreisstadt,
                ..profile
            }
            .into(),
        )),
    );
    call(
        s,
        Command::Goals(GoalsCommand::SaveGoal(
            Goal {
                title: t(),
                description: t(),
                indicator: t(),
                target_value: t(),
                ..Default::default()
            }
            .into(),
        )),
    );
    call(
        s,
        Command::Goals(GoalsCommand::SaveTimelineEntry(
            TimelineEntry {
                kind: TimelineKind::CouncilSession,
                title: t(),
                start: NaiveDate::from_ymd_opt(2027, 3, 1),
                end: NaiveDate::from_ymd_opt(2027, 3, 1),
                place: t(),
                status: TimelineStatus::Erledigt,
                baustein: Some(2),
                ..Default::default()
            }
            .into(),
        )),
    );
    call(
        s,
        Command::Goals(GoalsCommand::SaveStakeholder(
            Stakeholder {
                role: t(),
                organisation: t(),
                group: StakeholderGroup::Vereine,
                steering_group: true,
                name: t(),
                contact: t(),
                public: true,
                ..Default::default()
            }
            .into(),
        )),
    );
    let Reply::Goals(v) = call(
        s,
        Command::Goals(GoalsCommand::SaveEvent(
            Event {
                title: t(),
                date: NaiveDate::from_ymd_opt(2027, 4, 2).map(Into::into),
                format: EventFormat::Jugendforum,
                participants: Some(31),
                minutes: t(),
                ..Default::default()
            }
            .into(),
        )),
    ) else {
        panic!()
    };
    let event = v.events[0].id;
    let c = check(s);
    call(
        s,
        Command::Check(CheckCommand::SaveDimension(
            CheckDimension {
                description: t(),
                ..c.dimensions[1].dimension.clone()
            }
            .into(),
        )),
    );
    let item = c
        .dimensions
        .iter()
        .flat_map(|d| &d.items)
        .next()
        .unwrap()
        .item
        .clone();
    call(
        s,
        Command::Check(CheckCommand::SaveAnswer(
            CheckAnswer {
                item_id: item.id,
                ist: Some(2),
                soll: Some(5),
                priority: Some(Priority::Hoch),
                evidence: Some(EvidenceKind::Dokument),
                note: t(),
                ..Default::default()
            }
            .into(),
        )),
    );
    call(
        s,
        Command::Check(CheckCommand::SaveItem(
            CheckItem {
                id: Uuid::nil(),
                key: "B99".into(),
                question: t(),
                help: t(),
                levels: vec![
                    t(),
                    "1".into(),
                    "2".into(),
                    "3".into(),
                    "4".into(),
                    "5".into(),
                ],
                evidence_hint: t(),
                life_area_key: Some("LB01".into()),
                order: 9,
                ..item.clone()
            }
            .into(),
        )),
    );
    call(
        s,
        Command::Check(CheckCommand::SaveOzgService(
            OzgService {
                name: t(),
                category: t(),
                maturity: Some(3),
                note: t(),
                ..Default::default()
            }
            .into(),
        )),
    );
    call(
        s,
        Command::Check(CheckCommand::SaveKeyFigure(
            KeyFigure {
                label: t(),
                value: t(),
                unit: t(),
                year: Some(2026),
                source: t(),
                ..Default::default()
            }
            .into(),
        )),
    );
    call(
        s,
        Command::Check(CheckCommand::SaveSwotEntry(
            SwotEntry {
                quadrant: SwotQuadrant::Threat,
                text: t(),
                ..Default::default()
            }
            .into(),
        )),
    );
    call(
        s,
        Command::Check(CheckCommand::SaveDigitalOffer(
            DigitalOffer {
                title: t(),
                description: t(),
                life_area_key: Some(t()),
                since_year: Some(2021),
                ..Default::default()
            }
            .into(),
        )),
    );
    let Reply::LifeAreas(v) = call(
        s,
        Command::LifeAreas(LifeAreasCommand::SaveLifeArea(
            LifeArea {
                title: t(),
                description: t(),
                selected: true,
                vision: t(),
                rationale: t(),
                responsible: t(),
                dimension_keys: vec!["E".into()],
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
        .find(|a| a.area.description == text)
        .unwrap()
        .area
        .clone();
    assert_eq!(area.code, "LB13", "a custom area gets the next code");
    call(
        s,
        Command::LifeAreas(LifeAreasCommand::SetVotes {
            life_area_id: area.id,
            event_id: event,
            votes: 17,
        }),
    );
    call(
        s,
        Command::Measures(MeasuresCommand::SaveIdea(
            Idea {
                text: t(),
                life_area_id: Some(area.id),
                event_id: Some(event),
                votes: 4,
                ..Default::default()
            }
            .into(),
        )),
    );
    let Reply::Measures(saved) = call(
        s,
        Command::Measures(MeasuresCommand::SaveMeasure(
            Measure {
                title: t(),
                life_area_id: Some(area.id),
                description: t(),
                goal: t(),
                lead: t(),
                parties: t(),
                priority: Some(Priority::Mittel),
                effort: Some(2),
                benefit: Some(5),
                start_quarter: Some("2027-Q2".into()),
                end_quarter: Some("2028-Q1".into()),
                cost_once_cents: Some(1_250_000),
                cost_yearly_cents: Some(120_050),
                funding_programme: t(),
                funding_rate: Some(60),
                kpis: t(),
                status: MeasureStatus::InUmsetzung,
                quick_win: true,
                ..Default::default()
            }
            .into(),
        )),
    ) else {
        panic!("measures view expected")
    };
    call(
        s,
        Command::Measures(MeasuresCommand::SetVotes {
            measure_id: saved.written.saved.unwrap(),
            event_id: event,
            votes: 9,
        }),
    );
    let st = strategy(s);
    call(
        s,
        Command::Strategy(StrategyCommand::SaveSection(
            Section {
                title: t(),
                body: t(),
                included: false,
                approved: true,
                ..st.sections[0].clone()
            }
            .into(),
        )),
    );
    call(
        s,
        Command::Strategy(StrategyCommand::RecordDraft(Draft {
            label: t(),
            generated_at: chrono::DateTime::from_timestamp(1_800_000_000, 0),
            hash: "ab".repeat(32),
            file_name: t(),
            ..Default::default()
        })),
    );
    fill_implementation(s, text, saved.written.saved.unwrap());
    // After the adoption, which writes its decision into the version label.
    call(
        s,
        Command::Strategy(StrategyCommand::SaveSettings(
            ReportSettings {
                title: t(),
                subtitle: t(),
                version_label: t(),
                author: t(),
                watermark: false,
                date: NaiveDate::from_ymd_opt(2027, 10, 1),
                ..st.settings
            }
            .into(),
        )),
    );
}

/// The Umsetzung's rows: an indicator with a value, the adoption (which freezes a baseline), a
/// status round with an entry for `measure`.
fn fill_implementation(s: &mut zukunftskommune::Session, text: &str, measure: Uuid) {
    let Reply::Implementation(v) = call(
        s,
        Command::Implementation(ImplementationCommand::SaveKpi(
            Kpi {
                measure_id: Some(measure),
                name: text.into(),
                unit: "%".into(),
                baseline_value: Some(12.5),
                target_value: Some(80.0),
                target_date: NaiveDate::from_ymd_opt(2029, 12, 31),
                ..Default::default()
            }
            .into(),
        )),
    ) else {
        panic!("implementation view expected")
    };
    let kpi = v.written.saved.unwrap();
    call(
        s,
        Command::Implementation(ImplementationCommand::SaveKpiValue(
            KpiValue {
                kpi_id: kpi,
                date: NaiveDate::from_ymd_opt(2028, 6, 30),
                value: Some(31.0),
                note: text.into(),
                ..Default::default()
            }
            .into(),
        )),
    );
    call(
        s,
        Command::Implementation(ImplementationCommand::Adopt {
            date: NaiveDate::from_ymd_opt(2027, 11, 18).unwrap(),
            body: "Gemeinderat".into(),
            drucksache: text.into(),
            // Adopted, so that a status round can begin (the settings are written after it).
            result: AdoptionResult::Beschlossen,
            changes: text.into(),
            label: text.into(),
            decisions: Vec::new(),
        }),
    );
    let Reply::Implementation(v) = call(
        s,
        Command::Implementation(ImplementationCommand::StartRound {
            label: text.into(),
            date: NaiveDate::from_ymd_opt(2028, 6, 30).unwrap(),
        }),
    ) else {
        panic!("implementation view expected")
    };
    let entry = v.round.unwrap().entries[0].entry.clone();
    call(
        s,
        Command::Implementation(ImplementationCommand::SaveEntry(
            StatusEntry {
                progress: Some(40),
                light: Some(TrafficLight::Verzug),
                reason: text.into(),
                actual_costs: vec![YearAmount {
                    year: 2028,
                    cents: 1_000_000,
                }],
                next_steps: text.into(),
                responsible: text.into(),
                ..entry
            }
            .into(),
        )),
    );
}

#[test]
fn every_entity_kind_survives_reopening() {
    let dir = temp();
    let (mut s, path) = new_project(dir.path(), "Rundreise");
    fill_every_kind(&mut s, "Text mit Umlauten: Größe, Maß, Übung – 12.500 €");
    let before = live_state(&mut s);
    let kinds: std::collections::BTreeSet<&str> = before.keys().map(|(t, _)| t.as_str()).collect();
    for kind in EntityKind::ALL {
        assert!(
            kinds.contains(kind.table()),
            "no {} row was written",
            kind.table()
        );
    }
    drop(s);
    let mut s = open(&path);
    assert_eq!(live_state(&mut s), before);
    let m = &measures(&mut s).measures[0];
    assert_eq!(m.measure.number, "M-13-01");
    assert_eq!(m.measure.cost_yearly_cents, Some(120_050));
}

/// A torture text as a one-line field stores it: its lines (CR, LF) trimmed and joined by a
/// space, the empty ones left out; everything else byte-exact.
fn as_one_line(text: &str) -> String {
    if !text.contains(['\r', '\n']) {
        return text.to_string();
    }
    let lines: Vec<&str> = text
        .split(['\r', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join(" ")
}

#[test]
fn torture_text_is_stored_byte_exact() {
    for (n, text) in torture_texts().into_iter().enumerate() {
        let dir = temp();
        let (mut s, path) = new_project(dir.path(), &format!("Folter{n}"));
        fill_every_kind(&mut s, &text);
        drop(s);
        let mut s = open(&path);
        let g = goals(&mut s);
        // Multi-line texts byte-exact; one-line texts too, but for their line breaks.
        assert_eq!(g.goals[0].description, text);
        assert_eq!(g.goals[0].title, as_one_line(&text));
        assert_eq!(g.stakeholders[0].contact, text);
        let m = measures(&mut s);
        assert_eq!(m.measures[0].measure.kpis, text);
        assert_eq!(m.measures[0].measure.title, as_one_line(&text));
        assert_eq!(m.ideas[0].text, text);
        assert_eq!(strategy(&mut s).settings.version_label, as_one_line(&text));
        // And through the JSON export/import as well.
        let json = export(&mut s);
        let copy = dir.path().join("kopie.zukunft");
        let mut s2 = zukunftskommune::Session::new();
        call(
            &mut s2,
            Command::File(FileCommand::ImportJson {
                json,
                path: copy.display().to_string(),
            }),
        );
        assert_eq!(goals(&mut s2).goals[0].description, text);
    }
}

#[test]
fn invalid_values_get_german_messages_and_change_nothing() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Prüfung");
    let state = live_state(&mut s);
    let item = check(&mut s).dimensions[1].items[0].item.id;
    let cases: Vec<(Command, &str)> = vec![
        (
            Command::Check(CheckCommand::SaveAnswer(
                CheckAnswer {
                    item_id: item,
                    ist: Some(6),
                    ..Default::default()
                }
                .into(),
            )),
            "IST-Wert muss zwischen 0 und 5",
        ),
        (
            Command::Goals(GoalsCommand::SaveGoal(Goal::default().into())),
            "Titel des Ziels darf nicht leer",
        ),
        (
            Command::Measures(MeasuresCommand::SaveMeasure(
                Measure {
                    title: "M".into(),
                    start_quarter: Some("2027-Q5".into()),
                    ..Default::default()
                }
                .into(),
            )),
            "ein Quartal („2027-Q2“, „Q2/2027“",
        ),
        (
            Command::Project(ProjectCommand::SaveProfile(
                Profile {
                    name: "X".into(),
                    ags: "1234".into(),
                    ..Default::default()
                }
                .into(),
            )),
            "genau 8 Ziffern",
        ),
        (
            Command::Goals(GoalsCommand::SaveGoal(
                Goal {
                    id: Uuid::now_v7(),
                    title: "Unbekannt".into(),
                    ..Default::default()
                }
                .into(),
            )),
            "nicht gefunden",
        ),
        (
            Command::Measures(MeasuresCommand::SaveMeasure(
                Measure {
                    title: "M".into(),
                    life_area_id: Some(Uuid::now_v7()),
                    ..Default::default()
                }
                .into(),
            )),
            "Lebensbereich wurde nicht gefunden",
        ),
        (
            Command::Goals(GoalsCommand::Delete {
                kind: EntityKind::Measure,
                id: Uuid::now_v7(),
            }),
            "gehört nicht zu Baustein 1",
        ),
    ];
    for (cmd, needle) in cases {
        let e = call_err(&mut s, cmd);
        assert!(
            e.message.contains(needle),
            "„{}“ lacks „{needle}“",
            e.message
        );
        assert!(matches!(e.code, ErrorCode::Invalid | ErrorCode::NotFound));
    }
    assert_eq!(live_state(&mut s), state, "a refused command changed data");
}

#[test]
fn new_project_gets_the_catalogue_and_the_ten_month_plan() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Plan");
    let i = info(&mut s);
    assert_eq!(i.catalog_version, "2026.2");
    assert!(i.check_items >= 60);
    assert_eq!(i.life_areas, 13);
    let g = goals(&mut s);
    assert!(g.timeline.len() >= 9);
    let first = g.timeline.first().unwrap();
    assert_eq!(first.start, NaiveDate::from_ymd_opt(2027, 2, 1));
    assert!(g.timeline.iter().any(|t| t.title.contains("Beschluss")));
    let last = g.timeline.iter().filter_map(|t| t.end).max().unwrap();
    assert!(
        last <= NaiveDate::from_ymd_opt(2027, 12, 1).unwrap(),
        "plan fits ten months"
    );
    // Section texts keep their placeholders; the previews fill them with the project's data.
    let st = strategy(&mut s);
    let einleitung = st
        .sections
        .iter()
        .position(|x| x.key == "einleitung")
        .unwrap();
    assert!(st.sections[einleitung].body.contains("{name_with_facts}"));
    let preview = &st.previews[einleitung];
    assert!(
        preview.contains("Plan (Gemeinde, 4.200 Einwohnerinnen"),
        "{preview}"
    );
    assert!(preview.contains("01.02.2027"), "{preview}");
}

#[test]
fn promoting_an_idea_creates_a_numbered_measure() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Ideen");
    let area = areas(&mut s)
        .areas
        .iter()
        .find(|a| a.area.code == "LB03")
        .unwrap()
        .area
        .id;
    let Reply::Measures(v) = call(
        &mut s,
        Command::Measures(MeasuresCommand::SaveIdea(
            Idea {
                text: "Tablets für die Grundschule".into(),
                life_area_id: Some(area),
                ..Default::default()
            }
            .into(),
        )),
    ) else {
        panic!()
    };
    let idea = v.ideas[0].id;
    let Reply::Measures(v) = call(
        &mut s,
        Command::Measures(MeasuresCommand::PromoteIdea { idea_id: idea }),
    ) else {
        panic!()
    };
    assert_eq!(v.measures[0].measure.number, "M-03-01");
    assert_eq!(v.ideas[0].status, IdeaStatus::Uebernommen);
    assert_eq!(v.ideas[0].measure_id, Some(v.measures[0].measure.id));
    let e = call_err(
        &mut s,
        Command::Measures(MeasuresCommand::PromoteIdea { idea_id: idea }),
    );
    assert!(e.message.contains("bereits"), "{}", e.message);
    // A long idea typed over two lines: the title is one line, cut after a whole word.
    let long = "Die Schulen brauchen Tablets und\nschnelles WLAN in jedem Klassenzimmer, \
                dazu einen Hausmeister für die Technik, Fortbildungen für Lehrkräfte und \
                eine Ausleihe für Familien ohne eigenes Gerät";
    let Reply::Measures(v) = call(
        &mut s,
        Command::Measures(MeasuresCommand::SaveIdea(
            Idea {
                text: long.into(),
                ..Default::default()
            }
            .into(),
        )),
    ) else {
        panic!()
    };
    let long_idea = v.written.saved.unwrap();
    let Reply::Measures(v) = call(
        &mut s,
        Command::Measures(MeasuresCommand::PromoteIdea { idea_id: long_idea }),
    ) else {
        panic!()
    };
    let made = v
        .measures
        .iter()
        .find(|m| m.measure.description == long)
        .unwrap();
    assert_eq!(
        made.measure.title,
        "Die Schulen brauchen Tablets und schnelles WLAN in jedem Klassenzimmer, dazu einen \
         Hausmeister für die Technik…"
    );
    assert!(made.measure.title.chars().count() <= Idea::TITLE_CHARS);
    // A second measure in the same area gets the next number; moving it renumbers it.
    let Reply::Measures(v) = call(
        &mut s,
        Command::Measures(MeasuresCommand::SaveMeasure(
            Measure {
                title: "Medienentwicklungsplan".into(),
                life_area_id: Some(area),
                ..Default::default()
            }
            .into(),
        )),
    ) else {
        panic!()
    };
    let second = v
        .measures
        .iter()
        .find(|m| m.measure.title == "Medienentwicklungsplan")
        .unwrap();
    assert_eq!(second.measure.number, "M-03-02");
    let Reply::Measures(v) = call(
        &mut s,
        Command::Measures(MeasuresCommand::SaveMeasure(
            Measure {
                life_area_id: None,
                ..second.measure.clone()
            }
            .into(),
        )),
    ) else {
        panic!()
    };
    assert!(v.measures.iter().any(|m| m.measure.number == "M-00-01"));
}
