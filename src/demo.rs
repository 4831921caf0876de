//! The demo municipality "Musterstadt" (fictional; no real persons): a project after several
//! months of work. Written through `dispatch`, exactly as a consultant would enter it.

use std::path::Path;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::api::*;
use crate::error::{Error, Result};
use crate::model::*;

fn run(session: &mut Session, command: Command) -> Result<Reply> {
    dispatch(session, command).map_err(|e| Error::Invalid(e.message))
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Ratings per check item key: (IST, SOLL, priority, note).
const ANSWERS: &[(&str, u8, u8, Priority, &str)] = &[
    (
        "B01",
        2,
        4,
        Priority::Hoch,
        "Der Hauptamtsleiter betreut das Thema nebenher mit rund 10 % seiner Zeit.",
    ),
    (
        "B02",
        1,
        4,
        Priority::Hoch,
        "Digitalisierung läuft bisher über das allgemeine IT-Budget.",
    ),
    (
        "C01",
        2,
        4,
        Priority::Mittel,
        "Schulungen nur bei neuen Fachverfahren, kein Fortbildungsplan.",
    ),
    (
        "C02",
        0,
        3,
        Priority::Mittel,
        "Im Verwaltungsworkshop wurde der Wunsch nach Lotsen in jedem Amt geäußert.",
    ),
    (
        "D01",
        2,
        4,
        Priority::Hoch,
        "Laut Breitbandatlas 38 % der Haushalte gigabitfähig; Ausbau Kernstadt beantragt.",
    ),
    (
        "D02",
        3,
        5,
        Priority::Hoch,
        "Grundschule und Realschule mit Glasfaser, WLAN nur in Fachräumen.",
    ),
    (
        "E01",
        2,
        4,
        Priority::Hoch,
        "Sechs Leistungen über service-bw online, Nutzung gering.",
    ),
    (
        "E02",
        1,
        4,
        Priority::Mittel,
        "DMS-Einführung im Haushalt 2027 vorgesehen.",
    ),
    (
        "F01",
        0,
        2,
        Priority::Niedrig,
        "Bisher keine offenen Daten.",
    ),
    (
        "F02",
        1,
        3,
        Priority::Niedrig,
        "Meldewesen und Kasse ohne Schnittstelle.",
    ),
    (
        "G01",
        3,
        5,
        Priority::Hoch,
        "Sicherung beim Rechenzentrum, Wiederherstellung nie getestet.",
    ),
    (
        "G02",
        1,
        4,
        Priority::Hoch,
        "Eine Phishing-Schulung 2024; seitdem nichts.",
    ),
    (
        "H01",
        3,
        4,
        Priority::Mittel,
        "Website 2022 erneuert, Barrierefreiheit nicht geprüft.",
    ),
    (
        "H02",
        1,
        3,
        Priority::Mittel,
        "Eine Online-Umfrage zum Spielplatz 2025.",
    ),
    (
        "I01",
        0,
        4,
        Priority::Hoch,
        "Hallenbelegung per Telefon und Excel; Vereine wünschen Online-Buchung.",
    ),
];

/// (area code, Zielbild, Begründung, votes at Zukunftswerkstatt, votes at Jugendforum).
const AREAS: &[(&str, &str, &str, u32, u32)] = &[
    (
        "Q",
        "Alle Beschäftigten und Bürgerinnen und Bürger können digitale Angebote sicher nutzen.",
        "Grundlage für alle anderen Bereiche.",
        12,
        4,
    ),
    (
        "LB01",
        "Die häufigsten Anliegen lassen sich rund um die Uhr online erledigen.",
        "Größte Lücke im Check (Dimension E) und häufigster Wunsch in der Zukunftswerkstatt.",
        31,
        9,
    ),
    (
        "LB02",
        "Jeder Haushalt und jeder Betrieb hat bis 2030 Zugang zu Glasfaser.",
        "Gigabitversorgung nur 38 %.",
        27,
        6,
    ),
    (
        "LB03",
        "Schulen und Kitas arbeiten mit zeitgemäßer Technik und gut geschultem Personal.",
        "Hoher Bedarf aus Elternschaft und Schulen.",
        22,
        14,
    ),
    (
        "LB04",
        "Ortsteile sind ohne eigenes Auto gut erreichbar.",
        "Drei Ortsteile ohne Busanbindung am Abend.",
        18,
        17,
    ),
    (
        "LB07",
        "Hallen, Räume und Freizeitangebote sind online buchbar.",
        "Vereine haben das Thema in die Werkstatt getragen.",
        15,
        11,
    ),
    (
        "LB08",
        "Die Stadt senkt ihren Energieverbrauch mit Daten und intelligenter Steuerung.",
        "Klimaschutzkonzept 2024 fordert Monitoring.",
        9,
        8,
    ),
    (
        "LB11",
        "Bürgerinnen und Bürger werden verständlich informiert und einfach beteiligt.",
        "Wunsch nach mehr Transparenz aus der Werkstatt.",
        14,
        5,
    ),
];

/// (area code, title, goal, lead, priority, effort, benefit, start, end, once €, yearly €, rate, quick win).
type MeasureRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Priority,
    u8,
    u8,
    &'static str,
    &'static str,
    i64,
    i64,
    u8,
    bool,
);
const MEASURES: &[MeasureRow] = &[
    (
        "Q",
        "Digitallotsen in jedem Amt",
        "Jedes Amt hat eine geschulte Ansprechperson für digitale Werkzeuge.",
        "Hauptamt",
        Priority::Hoch,
        2,
        4,
        "2027-Q1",
        "2027-Q4",
        4_000,
        2_500,
        0,
        true,
    ),
    (
        "Q",
        "Sicherheitscheck nach Stufenplan",
        "Stufe 2 des Stufenplans Mindestsicherheitsniveau erreichen.",
        "Hauptamt / IT",
        Priority::Hoch,
        3,
        5,
        "2027-Q1",
        "2027-Q3",
        12_000,
        1_500,
        0,
        false,
    ),
    (
        "LB01",
        "Online-Terminvergabe im Bürgerbüro",
        "Wartezeiten im Bürgerbüro halbieren.",
        "Bürgerbüro",
        Priority::Hoch,
        1,
        4,
        "2027-Q1",
        "2027-Q2",
        3_500,
        1_200,
        0,
        true,
    ),
    (
        "LB01",
        "Zehn häufigste Leistungen online",
        "Die zehn häufigsten Anträge sind vollständig online möglich.",
        "Hauptamt",
        Priority::Hoch,
        3,
        5,
        "2027-Q2",
        "2028-Q4",
        18_000,
        4_000,
        50,
        false,
    ),
    (
        "LB01",
        "Einführung der E-Akte",
        "Vorgänge werden elektronisch geführt, Papierakten entfallen schrittweise.",
        "Hauptamt",
        Priority::Mittel,
        5,
        5,
        "2027-Q3",
        "2029-Q4",
        85_000,
        12_000,
        0,
        false,
    ),
    (
        "LB02",
        "Glasfaserausbau Gewerbegebiet Süd",
        "Alle Betriebe im Gewerbegebiet Süd gigabitfähig anbinden.",
        "Wirtschaftsförderung",
        Priority::Hoch,
        4,
        5,
        "2027-Q2",
        "2028-Q2",
        420_000,
        0,
        70,
        false,
    ),
    (
        "LB03",
        "Medienentwicklungsplan fortschreiben",
        "Ausstattung und Fortbildung der Schulen planbar machen.",
        "Schulverwaltung",
        Priority::Mittel,
        2,
        4,
        "2027-Q3",
        "2028-Q1",
        8_000,
        0,
        0,
        false,
    ),
    (
        "LB04",
        "Bürgerbus auf Abruf",
        "Ortsteile abends und am Wochenende per App und Telefon anbinden.",
        "Ordnungsamt",
        Priority::Mittel,
        4,
        4,
        "2028-Q1",
        "2029-Q2",
        60_000,
        25_000,
        60,
        false,
    ),
    (
        "LB07",
        "Online-Buchung von Hallen und Grillplätzen",
        "Vereine und Bürger buchen und bezahlen online.",
        "Liegenschaften",
        Priority::Hoch,
        2,
        4,
        "2027-Q2",
        "2027-Q4",
        9_500,
        2_000,
        0,
        true,
    ),
    (
        "LB08",
        "Energiemonitoring kommunaler Gebäude",
        "Verbrauch aller städtischen Gebäude monatlich auswerten.",
        "Bauamt",
        Priority::Mittel,
        3,
        4,
        "2028-Q1",
        "2028-Q4",
        24_000,
        3_000,
        40,
        false,
    ),
    (
        "LB11",
        "Mängelmelder",
        "Schäden im Ort per Smartphone melden und Bearbeitung verfolgen.",
        "Bauhof",
        Priority::Niedrig,
        2,
        3,
        "2028-Q2",
        "2028-Q3",
        5_000,
        1_800,
        0,
        true,
    ),
];

/// Writes the demo project to `path` (refuses to overwrite an existing file).
pub fn write(path: &Path) -> Result<()> {
    let mut s = Session::new();
    run(
        &mut s,
        Command::File(FileCommand::Create {
            path: path.display().to_string(),
            project: NewProject {
                name: "Musterstadt".into(),
                kind: MunicipalityKind::Stadt,
                ags: "08999042".into(),
                district: "Landkreis Mustertal".into(),
                population: Some(12_180),
                start_date: date(2026, 3, 2),
                consultants: "Beratungsteam Digitale Zukunftskommune".into(),
            },
        }),
    )?;
    let Reply::Goals(b1) = run(&mut s, Command::Goals(GoalsCommand::Get))? else {
        return Err(Error::invalid("Baustein 1 nicht lesbar"));
    };
    // The plan steps up to the measures workshop have taken place.
    for entry in &b1.timeline {
        if entry
            .start
            .is_some_and(|d| d < NaiveDate::from_ymd_opt(2026, 9, 1).unwrap_or_default())
        {
            run(
                &mut s,
                Command::Goals(GoalsCommand::SaveTimelineEntry(TimelineEntry {
                    status: TimelineStatus::Erledigt,
                    place: "Rathaus Musterstadt, Sitzungssaal".into(),
                    ..entry.clone()
                })),
            )?;
        }
    }
    run(
        &mut s,
        Command::Project(ProjectCommand::SaveProfile(Profile {
            area_km2: Some(38.6),
            mayor: "Bürgermeisterin (Demo)".into(),
            project_title: "Digitalisierungsstrategie Musterstadt 2030".into(),
            funding_programme: "Digitale Zukunftskommune@bw".into(),
            funding_amount_cents: Some(4_500_000),
            own_share_cents: Some(900_000),
            security_stage: Some(1),
            ..b1.profile
        })),
    )?;
    for (order, (title, indicator, target)) in [
        (
            "Verwaltung rund um die Uhr erreichbar",
            "Online beantragbare Leistungen",
            "10 häufigste Leistungen online bis 2028",
        ),
        (
            "Schnelles Internet für alle",
            "Haushalte mit Gigabit-Anschluss",
            "95 % bis 2030",
        ),
        (
            "Niemanden zurücklassen",
            "Teilnehmende an Digital-Sprechstunden",
            "200 pro Jahr",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        run(
            &mut s,
            Command::Goals(GoalsCommand::SaveGoal(Goal {
                title: title.into(),
                description: format!("Ziel der Strategie: {title}."),
                indicator: indicator.into(),
                target_value: target.into(),
                order: order as i32,
                ..Default::default()
            })),
        )?;
    }
    for (role, org, group, steering) in [
        (
            "Bürgermeisterin",
            "Stadtverwaltung",
            StakeholderGroup::Verwaltung,
            true,
        ),
        (
            "Hauptamtsleitung",
            "Stadtverwaltung",
            StakeholderGroup::Verwaltung,
            true,
        ),
        (
            "IT-Koordination",
            "Stadtverwaltung",
            StakeholderGroup::Verwaltung,
            true,
        ),
        (
            "Vertretung der Fraktionen",
            "Gemeinderat",
            StakeholderGroup::Gemeinderat,
            true,
        ),
        (
            "Schulleitung",
            "Grundschule",
            StakeholderGroup::Bildung,
            false,
        ),
        (
            "Vorsitz Gewerbeverein",
            "Gewerbeverein",
            StakeholderGroup::Wirtschaft,
            false,
        ),
        (
            "Jugendgemeinderat",
            "Jugendgemeinderat",
            StakeholderGroup::Jugend,
            false,
        ),
        (
            "Seniorenrat",
            "Seniorenrat",
            StakeholderGroup::Senioren,
            false,
        ),
    ] {
        run(
            &mut s,
            Command::Goals(GoalsCommand::SaveStakeholder(Stakeholder {
                role: role.into(),
                organisation: org.into(),
                group,
                steering_group: steering,
                ..Default::default()
            })),
        )?;
    }
    let mut events = Vec::new();
    for (title, day, format, n, minutes) in [
        (
            "Zukunftswerkstatt",
            date(2026, 4, 18),
            EventFormat::Zukunftswerkstatt,
            52,
            "Sieben Thementische; Ideen auf Karten gesammelt und per Punktabfrage gewichtet.",
        ),
        (
            "Jugendforum",
            date(2026, 5, 6),
            EventFormat::Jugendforum,
            34,
            "Schwerpunkte Mobilität, Freizeit und WLAN an Treffpunkten.",
        ),
    ] {
        let Reply::Goals(v) = run(
            &mut s,
            Command::Goals(GoalsCommand::SaveEvent(Event {
                title: title.into(),
                date: day,
                format,
                participants: Some(n),
                minutes: minutes.into(),
                ..Default::default()
            })),
        )?
        else {
            return Err(Error::invalid("Veranstaltung nicht gespeichert"));
        };
        if let Some(e) = v.events.iter().find(|e| e.title == title) {
            events.push(e.id);
        }
    }

    let Reply::Check(check) = run(&mut s, Command::Check(CheckCommand::Get))? else {
        return Err(Error::invalid("Baustein 2 nicht lesbar"));
    };
    for dim in &check.dimensions {
        for iv in &dim.items {
            let Some((_, ist, soll, priority, note)) = ANSWERS.iter().find(|a| a.0 == iv.item.key)
            else {
                continue;
            };
            run(
                &mut s,
                Command::Check(CheckCommand::SaveAnswer(CheckAnswer {
                    item_id: iv.item.id,
                    ist: Some(*ist),
                    soll: Some(*soll),
                    priority: Some(*priority),
                    evidence: Some(EvidenceKind::Workshop),
                    note: (*note).into(),
                    ..Default::default()
                })),
            )?;
        }
    }
    for (i, service) in check.ozg_services.iter().enumerate() {
        run(
            &mut s,
            Command::Check(CheckCommand::SaveOzgService(OzgService {
                maturity: Some([2, 1, 3, 1, 2, 0, 1, 3][i % 8]),
                ..service.clone()
            })),
        )?;
    }
    for figure in &check.key_figures {
        let value = match figure.key.as_str() {
            "einwohner" => "12.180",
            "flaeche" => "38,6",
            "ortsteile" => "4",
            "beschaeftigte" => "96",
            "vze_digital" => "0,3",
            "budget_digital" => "45.000",
            "gigabit" => "38",
            _ => "",
        };
        run(
            &mut s,
            Command::Check(CheckCommand::SaveKeyFigure(KeyFigure {
                value: value.into(),
                year: Some(2025),
                source: "Stadtverwaltung Musterstadt".into(),
                ..figure.clone()
            })),
        )?;
    }
    for (quadrant, text) in [
        (
            SwotQuadrant::Strength,
            "Engagierte Vereine und ein aktiver Jugendgemeinderat",
        ),
        (
            SwotQuadrant::Weakness,
            "Keine feste Zuständigkeit für Digitalisierung",
        ),
        (
            SwotQuadrant::Opportunity,
            "Förderprogramme für Glasfaser und Online-Dienste",
        ),
        (SwotQuadrant::Threat, "Fachkräftemangel in der Verwaltung"),
    ] {
        run(
            &mut s,
            Command::Check(CheckCommand::SaveSwotEntry(SwotEntry {
                quadrant,
                text: text.into(),
                ..Default::default()
            })),
        )?;
    }
    run(
        &mut s,
        Command::Check(CheckCommand::SaveDigitalOffer(DigitalOffer {
            title: "Website mit Veranstaltungskalender".into(),
            description: "Seit 2022, mobil nutzbar.".into(),
            life_area_key: Some("LB11".into()),
            since_year: Some(2022),
            ..Default::default()
        })),
    )?;

    let Reply::LifeAreas(areas) = run(&mut s, Command::LifeAreas(LifeAreasCommand::Get))? else {
        return Err(Error::invalid("Baustein 3 nicht lesbar"));
    };
    let mut area_ids: Vec<(&str, Uuid)> = Vec::new();
    for (code, vision, rationale, v1, v2) in AREAS {
        let Some(view) = areas.areas.iter().find(|a| a.area.code == *code) else {
            continue;
        };
        run(
            &mut s,
            Command::LifeAreas(LifeAreasCommand::SaveLifeArea(LifeArea {
                selected: true,
                vision: (*vision).into(),
                rationale: (*rationale).into(),
                responsible: "Lenkungsgruppe".into(),
                ..view.area.clone()
            })),
        )?;
        for (event_id, votes) in events.iter().zip([*v1, *v2]) {
            run(
                &mut s,
                Command::LifeAreas(LifeAreasCommand::SetVotes {
                    life_area_id: view.area.id,
                    event_id: *event_id,
                    votes,
                }),
            )?;
        }
        area_ids.push((code, view.area.id));
    }
    let area = |code: &str| area_ids.iter().find(|(c, _)| *c == code).map(|(_, id)| *id);

    for (
        code,
        title,
        goal,
        lead,
        priority,
        effort,
        benefit,
        start,
        end,
        once,
        yearly,
        rate,
        quick,
    ) in MEASURES
    {
        run(
            &mut s,
            Command::Measures(MeasuresCommand::SaveMeasure(Measure {
                title: (*title).into(),
                life_area_id: area(code),
                description: format!(
                    "{title}: Umsetzung in Musterstadt nach Beschluss der Strategie."
                ),
                goal: (*goal).into(),
                lead: (*lead).into(),
                parties: "Lenkungsgruppe, Fachämter".into(),
                priority: Some(*priority),
                effort: Some(*effort),
                benefit: Some(*benefit),
                start_quarter: Some((*start).into()),
                end_quarter: Some((*end).into()),
                cost_once_cents: once * 100,
                cost_yearly_cents: yearly * 100,
                funding_programme: if *rate > 0 {
                    "Förderprogramm (vor Antrag prüfen)"
                } else {
                    "Eigenmittel"
                }
                .into(),
                funding_rate: Some(*rate),
                kpis: "Umsetzungsstand laut Lenkungsgruppe\nNutzungszahlen pro Quartal".into(),
                quick_win: *quick,
                ..Default::default()
            })),
        )?;
    }
    for (text, code, event) in [
        ("WLAN am Marktplatz und im Freibad", "LB02", 1),
        ("Mitfahrbank mit App für die Ortsteile", "LB04", 1),
        ("Schüler schulen Senioren am Smartphone", "Q", 0),
        ("Kita-Platzvergabe online", "LB03", 0),
        ("Digitale Anzeigetafel am Rathaus", "LB11", 0),
        ("Online-Anmeldung für das Ferienprogramm", "LB07", 1),
    ] {
        run(
            &mut s,
            Command::Measures(MeasuresCommand::SaveIdea(Idea {
                text: text.into(),
                life_area_id: area(code),
                event_id: events.get(event).copied(),
                votes: 5,
                ..Default::default()
            })),
        )?;
    }

    let Reply::Strategy(strategy) = run(&mut s, Command::Strategy(StrategyCommand::Get))? else {
        return Err(Error::invalid("Baustein 5 nicht lesbar"));
    };
    for section in strategy.sections {
        run(
            &mut s,
            Command::Strategy(StrategyCommand::SaveSection(Section {
                approved: true,
                ..section
            })),
        )?;
    }
    run(&mut s, Command::File(FileCommand::Close))?;
    // The demo is the starting point: what it took to write it is not undoable.
    let (mut file, _) = crate::store::ProjectFile::open(path)?;
    file.seal_history()
}
