//! The demo municipality "Musterstadt" (fictional; no real persons): a project after ten months
//! of work. The content is `assets/demo/musterstadt.json`; it is entered through `dispatch`,
//! exactly as a consultant would enter it, so the demo also exercises the command surface.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
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
    implementation: DemoImplementation,
}

/// How far the demo has come: the strategy before the council's vote, or a year into its
/// implementation (the default: every area of the window has content).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DemoStage {
    /// Ten months of work: the draft ready for the council (Bausteine 1–5).
    Entwurf,
    /// Adopted on 3 November 2025, two status rounds in 2026, indicators with measured values.
    #[default]
    Umsetzung,
}

/// The year after the adoption: the decision, what changed since, indicators, two rounds.
#[derive(Deserialize)]
struct DemoImplementation {
    adoption: DemoAdoption,
    /// Measure title → the council's decision (beschlossen when not named).
    decisions: BTreeMap<String, MeasureDecision>,
    changes_after: Vec<DemoChange>,
    new_measures: Vec<DemoMeasure>,
    kpis: Vec<DemoKpi>,
    rounds: Vec<DemoRound>,
}

#[derive(Deserialize)]
struct DemoAdoption {
    date: NaiveDate,
    body: String,
    drucksache: String,
    result: AdoptionResult,
    label: String,
    changes: String,
}

/// A measure changed after the adoption (a deviation from the baseline).
#[derive(Deserialize)]
struct DemoChange {
    title: String,
    start_quarter: Option<String>,
    end_quarter: Option<String>,
    cost_once_euro: Option<i64>,
}

#[derive(Deserialize)]
struct DemoKpi {
    /// The measure's or the goal's title.
    measure: Option<String>,
    goal: Option<String>,
    name: String,
    unit: String,
    baseline_value: f64,
    baseline_date: NaiveDate,
    target_value: f64,
    target_date: NaiveDate,
    direction: KpiDirection,
    /// Measured values: date, value, note.
    values: Vec<(NaiveDate, f64, String)>,
}

#[derive(Deserialize)]
struct DemoRound {
    label: String,
    date: NaiveDate,
    /// Measure title → what its department reported. A measure not named is unchanged since
    /// the previous round or has not begun yet (the demo refuses to leave out one that has).
    entries: BTreeMap<String, DemoEntry>,
}

#[derive(Deserialize)]
struct DemoEntry {
    progress: u8,
    light: TrafficLight,
    reason: String,
    /// Calendar year → actual costs in euro.
    costs: BTreeMap<i32, i64>,
    next_steps: String,
    responsible: String,
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

/// Writes the demo project, a year into its implementation, to `path` (refuses to overwrite
/// an existing file).
pub fn write(path: &Path) -> Result<()> {
    write_stage(path, DemoStage::default())
}

/// Writes the demo project as far as `stage` to `path` (refuses to overwrite an existing file).
pub fn write_stage(path: &Path, stage: DemoStage) -> Result<()> {
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
                    year: Some(2024),
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
        let life_area_id = area(&m.area)?;
        measure_ids.insert(title, save_measure(s, m, life_area_id)?);
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
    if stage == DemoStage::Umsetzung {
        let mut new_ids = HashMap::new();
        for m in &demo.implementation.new_measures {
            new_ids.insert(m.measure.title.clone(), area(&m.area)?);
        }
        implement(s, demo.implementation, &mut measure_ids, &new_ids)?;
    }
    run(s, Command::File(FileCommand::Close))?;
    // The demo is the starting point: what it took to write it is not undoable.
    let (mut file, _) = crate::store::ProjectFile::open(path)?;
    file.seal_history()
}

/// Saves a new measure of the demo; returns its id.
fn save_measure(s: &mut Session, m: DemoMeasure, life_area_id: Option<Uuid>) -> Result<Uuid> {
    let title = m.measure.title.clone();
    let v = view!(
        s,
        Command::Measures(MeasuresCommand::SaveMeasure(
            Measure {
                life_area_id,
                cost_once_cents: m.cost_once_euro.checked_mul(100),
                cost_yearly_cents: m.cost_yearly_euro.checked_mul(100),
                ..m.measure
            }
            .into()
        )),
        Measures
    );
    v.measures
        .iter()
        .find(|x| x.measure.title == title)
        .map(|x| x.measure.id)
        .ok_or_else(|| Error::Storage(format!("Demo: Maßnahme „{title}“ nicht gespeichert")))
}

fn implementation_view(
    s: &mut Session,
    command: ImplementationCommand,
) -> Result<ImplementationView> {
    Ok(view!(s, Command::Implementation(command), Implementation))
}

/// The year after the adoption, entered as the consultant enters it: indicators with target
/// values, the council's decision (freezing the baseline), the changes made since, two status
/// rounds with the departments' reports, measured values, and the measures' status.
fn implement(
    s: &mut Session,
    demo: DemoImplementation,
    measure_ids: &mut HashMap<String, Uuid>,
    new_measures: &HashMap<String, Option<Uuid>>,
) -> Result<()> {
    let measure_id = |ids: &HashMap<String, Uuid>, title: &str| -> Result<Uuid> {
        ids.get(title)
            .copied()
            .ok_or_else(|| Error::invalid(format!("Demo: unbekannte Maßnahme „{title}“")))
    };
    let goals = view!(s, Command::Goals(GoalsCommand::Get), Goals).goals;
    let mut kpi_values = Vec::new();
    for k in demo.kpis {
        let goal_id = match &k.goal {
            Some(title) => Some(
                goals
                    .iter()
                    .find(|g| &g.title == title)
                    .map(|g| g.id)
                    .ok_or_else(|| Error::invalid(format!("Demo: unbekanntes Ziel „{title}“")))?,
            ),
            None => None,
        };
        let kpi_measure = match &k.measure {
            Some(title) => Some(measure_id(measure_ids, title)?),
            None => None,
        };
        let v = implementation_view(
            s,
            ImplementationCommand::SaveKpi(
                Kpi {
                    measure_id: kpi_measure,
                    goal_id,
                    name: k.name,
                    unit: k.unit,
                    baseline_value: Some(k.baseline_value),
                    baseline_date: Some(k.baseline_date),
                    target_value: Some(k.target_value),
                    target_date: Some(k.target_date),
                    direction: k.direction,
                    ..Default::default()
                }
                .into(),
            ),
        )?;
        let kpi_id = v
            .written
            .saved
            .ok_or_else(|| Error::Storage("Demo: Kennzahl nicht gespeichert".into()))?;
        kpi_values.extend(k.values.into_iter().map(|(date, value, note)| KpiValue {
            kpi_id,
            date: Some(date),
            value: Some(value),
            note,
            ..Default::default()
        }));
    }

    let a = demo.adoption;
    let mut decisions = Vec::new();
    for (title, decision) in &demo.decisions {
        decisions.push(DecisionOf {
            measure_id: measure_id(measure_ids, title)?,
            decision: *decision,
        });
    }
    implementation_view(
        s,
        ImplementationCommand::Adopt {
            date: a.date,
            body: a.body,
            drucksache: a.drucksache,
            result: a.result,
            changes: a.changes,
            label: a.label,
            decisions,
        },
    )?;

    // After the adoption: a measure added, periods and costs changed.
    for m in demo.new_measures {
        let title = m.measure.title.clone();
        let life_area_id = new_measures.get(&title).copied().flatten();
        measure_ids.insert(title, save_measure(s, m, life_area_id)?);
    }
    let mut measures: Vec<Measure> = view!(s, Command::Measures(MeasuresCommand::Get), Measures)
        .measures
        .into_iter()
        .map(|v| v.measure)
        .collect();
    for change in demo.changes_after {
        let id = measure_id(measure_ids, &change.title)?;
        let Some(m) = measures.iter().find(|m| m.id == id).cloned() else {
            continue;
        };
        run(
            s,
            Command::Measures(MeasuresCommand::SaveMeasure(
                Measure {
                    start_quarter: change.start_quarter.or(m.start_quarter.clone()),
                    end_quarter: change.end_quarter.or(m.end_quarter.clone()),
                    cost_once_cents: match change.cost_once_euro {
                        Some(euro) => euro.checked_mul(100),
                        None => m.cost_once_cents,
                    },
                    ..m
                }
                .into(),
            )),
        )?;
    }
    measures = view!(s, Command::Measures(MeasuresCommand::Get), Measures)
        .measures
        .into_iter()
        .map(|v| v.measure)
        .collect();

    let mut latest: HashMap<Uuid, DemoEntryState> = HashMap::new();
    for round in demo.rounds {
        let v = implementation_view(
            s,
            ImplementationCommand::StartRound {
                label: round.label.clone(),
                date: round.date,
            },
        )?;
        let entries = v.round.map(|r| r.entries).unwrap_or_default();
        let mut reported = round.entries;
        for e in entries {
            let entry = match reported.remove(&e.title) {
                Some(r) => {
                    let mut actual_costs = Vec::new();
                    for (year, euro) in r.costs {
                        actual_costs.push(YearAmount {
                            year,
                            cents: euro.checked_mul(100).ok_or_else(|| {
                                Error::invalid("Demo: Betrag zu groß".to_string())
                            })?,
                        });
                    }
                    latest.insert(
                        e.entry.measure_id,
                        DemoEntryState {
                            progress: r.progress,
                            light: r.light,
                        },
                    );
                    StatusEntry {
                        progress: Some(r.progress),
                        light: Some(r.light),
                        reason: r.reason,
                        actual_costs,
                        next_steps: r.next_steps,
                        responsible: r.responsible,
                        ..e.entry
                    }
                }
                // Reported in the previous round and unchanged since (carried over).
                None if e.entry.light.is_some() => continue,
                None => {
                    let m = measures
                        .iter()
                        .find(|m| m.id == e.entry.measure_id)
                        .ok_or_else(|| Error::Storage("Demo: Maßnahme fehlt".into()))?;
                    not_begun(m, &demo.decisions, round.date, e.entry)?
                }
            };
            run(
                s,
                Command::Implementation(ImplementationCommand::SaveEntry(entry.into())),
            )?;
        }
        if let Some(title) = reported.keys().next() {
            return Err(Error::invalid(format!(
                "Demo: „{title}“ steht in keiner Zeile der {}",
                round.label
            )));
        }
    }
    for value in kpi_values {
        run(
            s,
            Command::Implementation(ImplementationCommand::SaveKpiValue(value.into())),
        )?;
    }

    // The measures' status follows the newest round.
    for m in measures {
        let status = match latest.get(&m.id) {
            Some(e) if e.light == TrafficLight::Abgeschlossen => MeasureStatus::Umgesetzt,
            Some(e) if e.light == TrafficLight::Gestoppt => MeasureStatus::Zurueckgestellt,
            Some(e) if e.progress > 0 => MeasureStatus::InUmsetzung,
            _ if demo.decisions.get(&m.title) == Some(&MeasureDecision::Zurueckgestellt) => {
                MeasureStatus::Zurueckgestellt
            }
            _ => continue,
        };
        run(
            s,
            Command::Measures(MeasuresCommand::SaveMeasure(Measure { status, ..m }.into())),
        )?;
    }
    Ok(())
}

/// What the newest round said about a measure.
struct DemoEntryState {
    progress: u8,
    light: TrafficLight,
}

/// The entry of a measure not named in a round: not begun yet (in plan, or put back by the
/// council). A measure that has begun must be named.
fn not_begun(
    m: &Measure,
    decisions: &BTreeMap<String, MeasureDecision>,
    date: NaiveDate,
    entry: StatusEntry,
) -> Result<StatusEntry> {
    if decisions.get(&m.title) == Some(&MeasureDecision::Zurueckgestellt) {
        return Ok(StatusEntry {
            progress: Some(0),
            next_steps: "Vom Gemeinderat zurückgestellt.".into(),
            ..entry
        });
    }
    let start = m.start_quarter.as_deref().and_then(parse_period);
    let round_quarter = date.quarter();
    match start {
        Some(p) if (p.year, u32::from(p.first)) > (date.year(), round_quarter) => Ok(StatusEntry {
            progress: Some(0),
            light: Some(TrafficLight::ImPlan),
            next_steps: format!("Beginn laut Plan: {}", p.label()),
            ..entry
        }),
        _ => Err(Error::invalid(format!(
            "Demo: „{}“ hat begonnen, fehlt aber in der Statusrunde vom {date}",
            m.title
        ))),
    }
}
