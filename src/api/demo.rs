//! The demo municipality "Musterstadt" (fictional; no real persons): a project after ten months
//! of work. The content is `assets/demo/musterstadt.json`; it is entered through `dispatch`,
//! exactly as a consultant would enter it, so the demo also exercises the command surface.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::*;
use crate::error::{Error, Result};
use crate::model::*;

const DEMO: &str = include_str!("../../assets/demo/musterstadt.json");

#[derive(Deserialize)]
struct Demo {
    project: NewProject,
    profile: ProfileExtras,
    /// Plan entries before this date have taken place.
    done_before: NaiveDate,
    place: String,
    goals: Vec<Goal>,
    stakeholders: Vec<Stakeholder>,
    events: Vec<DemoEvent>,
    answers: BTreeMap<String, DemoAnswer>,
    ozg: BTreeMap<String, u8>,
    key_figures: BTreeMap<String, String>,
    swot: Vec<SwotEntry>,
    offers: Vec<DigitalOffer>,
    areas: Vec<DemoArea>,
    measures: Vec<DemoMeasure>,
    ideas: Vec<DemoIdea>,
    sections: BTreeMap<String, String>,
    report: DemoReport,
}

#[derive(Deserialize)]
struct ProfileExtras {
    area_km2: f64,
    mayor: String,
    project_title: String,
    funding_programme: String,
    funding_amount_cents: i64,
    own_share_cents: i64,
    security_stage: u8,
}

#[derive(Deserialize)]
struct DemoEvent {
    key: String,
    #[serde(flatten)]
    event: Event,
}

#[derive(Deserialize)]
struct DemoAnswer {
    ist: u8,
    soll: u8,
    priority: Priority,
    note: String,
}

#[derive(Deserialize)]
struct DemoArea {
    code: String,
    vision: String,
    rationale: String,
    responsible: String,
    /// Event key → dot votes.
    votes: BTreeMap<String, u32>,
}

#[derive(Deserialize)]
struct DemoMeasure {
    area: String,
    cost_once_euro: i64,
    cost_yearly_euro: i64,
    #[serde(flatten)]
    measure: Measure,
}

#[derive(Deserialize)]
struct DemoIdea {
    event: String,
    area: String,
    votes: u32,
    text: String,
    /// Title of the measure the idea went into.
    measure: Option<String>,
}

#[derive(Deserialize)]
struct DemoReport {
    version_label: String,
    date: NaiveDate,
    subtitle: String,
}

fn run(session: &mut Session, command: Command) -> Result<Reply> {
    dispatch(session, command).map_err(|e| Error::Invalid(format!("Demo: {}", e.message)))
}

macro_rules! view {
    ($s:expr, $cmd:expr, $kind:ident) => {
        match run($s, $cmd)? {
            Reply::$kind(v) => v,
            _ => return Err(Error::Storage("Demo: unerwartete Antwort".into())),
        }
    };
}

/// Writes the demo project to `path` (refuses to overwrite an existing file).
pub fn write(path: &Path) -> Result<()> {
    let demo: Demo = serde_json::from_str(DEMO)?;
    let s = &mut Session::new();
    let b1 = view!(
        s,
        Command::File(FileCommand::Create {
            path: path.display().to_string(),
            project: demo.project,
            catalog_dir: None,
        }),
        Overview
    );
    let extras = demo.profile;
    run(
        s,
        Command::Project(ProjectCommand::SaveProfile(
            Profile {
                area_km2: Some(extras.area_km2),
                mayor: extras.mayor,
                project_title: extras.project_title,
                funding_programme: extras.funding_programme,
                funding_amount_cents: Some(extras.funding_amount_cents),
                own_share_cents: Some(extras.own_share_cents),
                security_stage: Some(extras.security_stage),
                ..b1.profile
            }
            .into(),
        )),
    )?;

    // Baustein 1: the plan steps that took place, goals, stakeholders, events.
    let goals_view = view!(s, Command::Goals(GoalsCommand::Get), Goals);
    for entry in goals_view.timeline {
        if entry.start.is_some_and(|d| d < demo.done_before) {
            run(
                s,
                Command::Goals(GoalsCommand::SaveTimelineEntry(
                    TimelineEntry {
                        status: TimelineStatus::Erledigt,
                        place: demo.place.clone(),
                        ..entry
                    }
                    .into(),
                )),
            )?;
        }
    }
    for (order, goal) in demo.goals.into_iter().enumerate() {
        run(
            s,
            Command::Goals(GoalsCommand::SaveGoal(
                Goal {
                    order: order as i32,
                    ..goal
                }
                .into(),
            )),
        )?;
    }
    for stakeholder in demo.stakeholders {
        run(
            s,
            Command::Goals(GoalsCommand::SaveStakeholder(stakeholder.into())),
        )?;
    }
    let mut events: HashMap<String, Uuid> = HashMap::new();
    for e in demo.events {
        let title = e.event.title.clone();
        let v = view!(
            s,
            Command::Goals(GoalsCommand::SaveEvent(e.event.into())),
            Goals
        );
        if let Some(saved) = v.events.iter().find(|x| x.title == title) {
            events.insert(e.key, saved.id);
        }
    }

    // Baustein 2: every item answered, OZG services rated, key figures, SWOT, offers.
    let check = view!(s, Command::Check(CheckCommand::Get), Check);
    for iv in check.dimensions.iter().flat_map(|d| &d.items) {
        let Some(a) = demo.answers.get(&iv.item.key) else {
            return Err(Error::invalid(format!(
                "Demo: keine Antwort für {}",
                iv.item.key
            )));
        };
        run(
            s,
            Command::Check(CheckCommand::SaveAnswer(
                CheckAnswer {
                    item_id: iv.item.id,
                    ist: Some(a.ist),
                    soll: Some(a.soll),
                    priority: Some(a.priority),
                    evidence: Some(if iv.item.key.starts_with('D') {
                        EvidenceKind::OeffentlicheDaten
                    } else {
                        EvidenceKind::Workshop
                    }),
                    note: a.note.clone(),
                    ..Default::default()
                }
                .into(),
            )),
        )?;
    }
    for service in check.ozg_services {
        let maturity = demo.ozg.get(&service.key).copied();
        run(
            s,
            Command::Check(CheckCommand::SaveOzgService(
                OzgService {
                    maturity,
                    ..service
                }
                .into(),
            )),
        )?;
    }
    for figure in check.key_figures {
        let value = demo
            .key_figures
            .get(&figure.key)
            .cloned()
            .unwrap_or_default();
        run(
            s,
            Command::Check(CheckCommand::SaveKeyFigure(
                KeyFigure {
                    value,
                    year: Some(2025),
                    source: "Stadtverwaltung Musterstadt".into(),
                    ..figure
                }
                .into(),
            )),
        )?;
    }
    for (order, entry) in demo.swot.into_iter().enumerate() {
        run(
            s,
            Command::Check(CheckCommand::SaveSwotEntry(
                SwotEntry {
                    order: order as i32,
                    ..entry
                }
                .into(),
            )),
        )?;
    }
    for offer in demo.offers {
        run(
            s,
            Command::Check(CheckCommand::SaveDigitalOffer(offer.into())),
        )?;
    }

    // Baustein 3: eight areas selected, with Zielbild and dot votes per event.
    let areas = view!(s, Command::LifeAreas(LifeAreasCommand::Get), LifeAreas);
    let mut area_ids: HashMap<String, Uuid> = HashMap::new();
    for a in areas.areas {
        area_ids.insert(a.area.code.clone(), a.area.id);
        let Some(d) = demo.areas.iter().find(|d| d.code == a.area.code) else {
            continue;
        };
        run(
            s,
            Command::LifeAreas(LifeAreasCommand::SaveLifeArea(
                LifeArea {
                    selected: true,
                    vision: d.vision.clone(),
                    rationale: d.rationale.clone(),
                    responsible: d.responsible.clone(),
                    ..a.area.clone()
                }
                .into(),
            )),
        )?;
        for (event, votes) in &d.votes {
            let event_id = events
                .get(event)
                .copied()
                .ok_or_else(|| Error::invalid(format!("Demo: unbekannte Veranstaltung {event}")))?;
            run(
                s,
                Command::LifeAreas(LifeAreasCommand::SetVotes {
                    life_area_id: a.area.id,
                    event_id,
                    votes: *votes,
                }),
            )?;
        }
    }
    let area = |code: &str| -> Result<Option<Uuid>> {
        match code {
            "Q" => Ok(area_ids.get("Q").copied()),
            c => area_ids
                .get(c)
                .copied()
                .map(Some)
                .ok_or_else(|| Error::invalid(format!("Demo: unbekannter Lebensbereich {c}"))),
        }
    };

    // Baustein 4: 40 measures with complete Steckbriefe, 60 ideas from two workshops.
    let mut measure_ids: HashMap<String, Uuid> = HashMap::new();
    for m in demo.measures {
        let title = m.measure.title.clone();
        let v = view!(
            s,
            Command::Measures(MeasuresCommand::SaveMeasure(
                Measure {
                    life_area_id: area(&m.area)?,
                    cost_once_cents: m.cost_once_euro.checked_mul(100),
                    cost_yearly_cents: m.cost_yearly_euro.checked_mul(100),
                    ..m.measure
                }
                .into()
            )),
            Measures
        );
        if let Some(saved) = v.measures.iter().find(|x| x.measure.title == title) {
            measure_ids.insert(title, saved.measure.id);
        }
    }
    for idea in demo.ideas {
        let measure_id = idea
            .measure
            .as_ref()
            .and_then(|t| measure_ids.get(t).copied());
        run(
            s,
            Command::Measures(MeasuresCommand::SaveIdea(
                Idea {
                    text: idea.text,
                    life_area_id: area(&idea.area)?,
                    event_id: events.get(&idea.event).copied(),
                    votes: idea.votes,
                    status: if measure_id.is_some() {
                        IdeaStatus::Uebernommen
                    } else {
                        IdeaStatus::Geprueft
                    },
                    measure_id,
                    ..Default::default()
                }
                .into(),
            )),
        )?;
    }

    // Baustein 5: every section written and agreed, report settings filled.
    let strategy = view!(s, Command::Strategy(StrategyCommand::Get), Strategy);
    for section in strategy.sections {
        let body = demo
            .sections
            .get(&section.key)
            .cloned()
            .unwrap_or(section.body.clone());
        run(
            s,
            Command::Strategy(StrategyCommand::SaveSection(
                Section {
                    body,
                    approved: true,
                    ..section
                }
                .into(),
            )),
        )?;
    }
    run(
        s,
        Command::Strategy(StrategyCommand::SaveSettings(
            ReportSettings {
                version_label: demo.report.version_label,
                date: Some(demo.report.date),
                subtitle: demo.report.subtitle,
                ..strategy.settings
            }
            .into(),
        )),
    )?;
    run(s, Command::File(FileCommand::Close))?;
    // The demo is the starting point: what it took to write it is not undoable.
    let (mut file, _) = crate::store::ProjectFile::open(path)?;
    file.seal_history()
}
