//! Commands of the Umsetzung (after the council's vote): the adoption and its baseline,
//! indicators and their values, status rounds; the view with the traffic lights, plan against
//! actual costs per year, and the deviations from the baseline.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{check_deletable, save, Patch, Reply};
use crate::analysis::{self, add_cents};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::ProjectFile;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImplementationCommand {
    Get,
    /// Records the council's decision and freezes the current plan as a baseline: every
    /// measure with its decision (when not named: beschlossen, or zurückgestellt for a measure
    /// the plan puts back, [`MeasureDecision::unnamed_for`]), period, planned amounts per
    /// year and indicators, and the goals' indicators. A later adoption (after a
    /// Fortschreibung) freezes a new baseline; the earlier ones stay readable.
    Adopt {
        #[ts(type = "string")]
        date: NaiveDate,
        body: String,
        #[serde(default)]
        drucksache: String,
        #[serde(default)]
        result: AdoptionResult,
        #[serde(default)]
        changes: String,
        /// „Digitalisierungsstrategie 2027“; the report title when empty.
        #[serde(default)]
        label: String,
        #[serde(default)]
        decisions: Vec<DecisionOf>,
    },
    /// Starts the Fortschreibung: the strategy becomes a draft again (`label` as its version,
    /// the watermark on, every chapter to be approved anew); measures, indicators and rounds
    /// carry over with their history. The next adoption freezes a new baseline; the earlier
    /// baselines and reports stay readable.
    StartRevision {
        label: String,
    },
    /// Corrects the record of a decision (date, body, number, result, changes); its baseline
    /// stays as it was frozen.
    SaveAdoption(#[ts(as = "Adoption")] Patch<Adoption>),
    SaveKpi(#[ts(as = "Kpi")] Patch<Kpi>),
    SaveKpiValue(#[ts(as = "KpiValue")] Patch<KpiValue>),
    /// Starts a status round with one entry per measure of the newest baseline that was not
    /// struck (and each measure added since), each filled with the previous round's values.
    StartRound {
        label: String,
        #[ts(type = "string")]
        date: NaiveDate,
    },
    SaveRound(#[ts(as = "StatusRound")] Patch<StatusRound>),
    SaveEntry(#[ts(as = "StatusEntry")] Patch<StatusEntry>),
    /// Writes one status form (XLSX) per lead department into the folder `dir` for the
    /// newest round: its measures, the fields to fill, locked columns for the rest.
    StatusForms {
        dir: String,
    },
    /// Reads filled status forms and says what they change and which cells cannot be read;
    /// with `apply` it writes the changes as one change — only when no form has a problem.
    StatusImport {
        paths: Vec<String>,
        #[serde(default)]
        apply: bool,
    },
    /// Writes the Umsetzungsbericht of a round (the newest when none is named) as PDF/A +
    /// PDF/UA: traffic lights, plan against actual, measures per field of action, indicators,
    /// deviations with reasons, next steps. `date` (JJJJ-MM-TT) is the report's date.
    Report {
        path: String,
        #[ts(optional)]
        #[serde(default)]
        round_id: Option<Uuid>,
        #[ts(optional)]
        #[serde(default)]
        date: Option<String>,
    },
    /// Deletes an indicator, a value, a round or an entry; a baseline or an adoption cannot be
    /// deleted.
    Delete {
        kind: EntityKind,
        id: Uuid,
    },
}

/// The status forms written (`implementation.status_forms`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StatusForms {
    pub files: Vec<String>,
    /// „M-05-02 Echtzeit-Fahrgastinformation“: measures the council put back, in no form.
    pub put_back: Vec<String>,
}

/// One value a filled form changes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StatusChange {
    pub number: String,
    /// The German field name („Ampel“, „Ist-Kosten 2028 (€)“).
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A cell of a form that cannot be taken over.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FormProblem {
    /// The form's file name.
    pub file: String,
    /// The row as the spreadsheet numbers it (0: the form as a whole).
    pub row: u32,
    pub column: String,
    pub message: String,
}

/// What importing status forms does (`implementation.status_import`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StatusImport {
    pub changes: Vec<StatusChange>,
    pub problems: Vec<FormProblem>,
    /// Whether the changes were written (one change, one undo step).
    pub applied: bool,
}

/// The council's decision on one measure (`implementation.adopt`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecisionOf {
    pub measure_id: Uuid,
    pub decision: MeasureDecision,
}

/// An indicator with its values, newest last.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct KpiView {
    pub kpi: Kpi,
    /// „M-03-02 Digitale Bauakte“ or the goal's title.
    pub owner: String,
    pub values: Vec<KpiValue>,
    /// The newest measured value.
    pub latest: Option<f64>,
    /// Whether the newest value reaches the target (in the direction judged,
    /// [`Kpi::judged_direction`]); `None` without value or target.
    pub reached: Option<bool>,
    /// Start and target say the direction: the window shows it instead of asking.
    pub direction_implied: bool,
    /// Where it stands on this computer's today ([`Kpi::standing`]); `None` without value or
    /// target.
    pub standing: Option<KpiStanding>,
    /// The target the decision in force adopted, when the target has changed since: „300
    /// Personen bis 31.12.2026“.
    pub adopted_target: Option<String>,
}

/// One measure's entry in a round, with what the table shows beside it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EntryView {
    pub entry: StatusEntry,
    pub number: String,
    pub title: String,
    /// Federführung (the department that reports).
    pub lead: String,
    /// The council put the measure back (zurückgestellt) in the decision the round reports
    /// on: without a traffic light it awaits nothing from its department.
    pub deferred: bool,
}

impl EntryView {
    /// A measure the council put back that reports nothing: no report is missing, nothing to
    /// confirm, not part of the mean progress.
    pub fn put_back(&self) -> bool {
        self.deferred && self.entry.light.is_none()
    }

    /// The entry's traffic light as tables print it: „im Plan“ …, „zurückgestellt“ for a
    /// measure the council put back and that reports nothing, else „ohne Meldung“.
    pub fn light_label(&self) -> String {
        match self.entry.light {
            Some(l) => l.label().to_string(),
            None if self.deferred => DEFERRED.to_string(),
            None => UNREPORTED.to_string(),
        }
    }
}

/// A round's entry without a traffic light whose measure the council put back.
const DEFERRED: &str = "zurückgestellt";
/// A round's entry without a traffic light that awaits its department's report.
const UNREPORTED: &str = "ohne Meldung";

/// A status round with its entries (by measure number) and the traffic-light counts.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RoundView {
    pub round: StatusRound,
    pub entries: Vec<EntryView>,
    /// Entries per traffic light, in the order of [`TrafficLight`]'s choices.
    pub lights: Vec<LightCount>,
    /// Entries without a traffic light yet whose department is asked for one.
    pub unreported: u32,
    /// Entries without a traffic light of measures the council put back (zurückgestellt):
    /// not counted as missing reports.
    pub deferred: u32,
    /// Entries whose status is still the one of the round before, unchanged: a round begins
    /// with the last values, so a department that never answered looked as if it had reported
    /// the same again. A completed or stopped measure stays so and is not counted.
    pub unchanged: u32,
    /// „Bei 3 Maßnahmen sind die Angaben unverändert seit der Statusrunde „…““, as the window
    /// and the Umsetzungsbericht print it; `None` when every status is new.
    pub unchanged_note: Option<String>,
    /// The label of the round before, whose values this round began with.
    pub previous: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LightCount {
    pub light: TrafficLight,
    pub count: u32,
}

/// Planned (baseline) against actual costs of one calendar year.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PlanActual {
    pub year: i32,
    #[ts(type = "number")]
    pub planned_cents: i64,
    /// `None` when no entry of the round reports costs for the year.
    #[ts(type = "number | null")]
    pub actual_cents: Option<i64>,
    /// Measures of the baseline (not struck) with an amount planned for the year.
    pub planned_measures: u32,
    /// Of those, the measures whose entry in the round reports costs for the year.
    pub reported_measures: u32,
    /// The actual costs as every table prints them: „–“, „324.000 €“, or „324.000 € (3 von 8
    /// gemeldet)“ while not every measure planned for the year reports – a partial sum read
    /// beside the plan looked like money not spent; „…, dazu 1 ohne Plan“ counts the reports
    /// of measures without a plan for the year, which are in the sum.
    pub actual_label: String,
}

/// What changed against the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DeviationKind {
    /// A measure added after the adoption.
    New,
    /// An adopted measure deleted since.
    Dropped,
    /// Start or end moved.
    PeriodShifted,
    /// The planned amounts changed.
    CostChanged,
}

/// One deviation from the baseline, with the old and the new state in German.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Deviation {
    pub kind: DeviationKind,
    pub measure_id: Uuid,
    pub number: String,
    pub title: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImplementationView {
    #[serde(flatten)]
    pub written: super::Written,
    /// Newest first.
    pub adoptions: Vec<Adoption>,
    /// Every baseline, newest first (earlier ones stay readable after a Fortschreibung).
    pub baselines: Vec<Baseline>,
    pub kpis: Vec<KpiView>,
    /// Newest first.
    pub rounds: Vec<StatusRound>,
    /// The newest round.
    pub round: Option<RoundView>,
    /// Against the baseline in force, with the newest round's actual costs.
    pub plan_vs_actual: Vec<PlanActual>,
    pub plan_vs_actual_chart: crate::charts::Chart,
    pub deviations: Vec<Deviation>,
    /// Who adopts by the kind of municipality („Kreistag“): the adoption form's Gremium until
    /// the consultant types another.
    pub council: String,
    /// Where the strategy stands: what the window offers next (a decision, a Fortschreibung).
    pub stage: StrategyStage,
    /// The baseline of the strategy in force (the newest decision that adopted it): rounds,
    /// plan against actual and deviations measure against it, never against a plan the
    /// council postponed or rejected.
    #[ts(type = "string | null")]
    pub in_force: Option<Uuid>,
}

/// Where the strategy stands in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StrategyStage {
    /// No strategy is in force: no decision yet, or the council postponed or rejected it.
    Entwurf,
    /// The newest adopting decision is in force.
    InKraft,
    /// A strategy is in force and its Fortschreibung is drafted: the report prints „Entwurf“
    /// again (`start_revision` switches the watermark on, the next adoption off).
    Fortschreibung,
}

/// Whether a decision puts the strategy in force.
fn adopts(result: AdoptionResult) -> bool {
    matches!(
        result,
        AdoptionResult::Beschlossen | AdoptionResult::MitAenderungen
    )
}

/// The newest decision that adopted the strategy: the one in force.
fn newest_adopting(adoptions: &[Adoption]) -> Option<&Adoption> {
    adoptions
        .iter()
        .filter(|a| adopts(a.result))
        .max_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)))
}

/// The baseline of the strategy in force.
fn baseline_in_force(file: &ProjectFile) -> Result<Option<Baseline>> {
    Ok(match newest_adopting(&file.list::<Adoption>()?) {
        Some(a) => file.get::<Baseline>(a.baseline_id)?,
        None => None,
    })
}

/// The Umsetzung on the overview, once the council has adopted the strategy: the decision,
/// the newest round's traffic lights and mean progress, indicators reached, deviations.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImplementationSummary {
    /// The decision in force, else the newest.
    pub adoption: Adoption,
    /// The label of the strategy that decision is about.
    pub strategy: String,
    pub round: Option<StatusRound>,
    /// The newest round's entries per traffic light (empty without a round).
    pub lights: Vec<LightCount>,
    pub unreported: u32,
    pub deferred: u32,
    /// Mean progress of the newest round's entries that report one, in % (`None` without).
    pub progress: Option<u8>,
    /// How many entries of the newest round the mean rests on, and how many there are: „40 %
    /// im Mittel“ from 1 of 3 measures read as the whole round's progress. Measures the
    /// council put back that report nothing are in neither: they are not being implemented.
    pub progress_reported: u32,
    pub entries: u32,
    pub kpis: u32,
    /// Indicators whose newest value reaches the target.
    pub kpis_reached: u32,
    /// Indicators whose value measured at or after the target date falls short
    /// ([`KpiStanding::Missed`]).
    pub kpis_missed: u32,
    /// Measures that differ from the baseline in force.
    pub deviating_measures: u32,
    /// A strategy is in force (not after a postponed or rejected first vote): without one
    /// there are no rounds, indicators at target or deviations to speak of.
    pub in_force: bool,
    /// A decision after the one in force that did not adopt (a postponed or rejected
    /// Fortschreibung): `adoption` is then the decision in force, this the newest.
    pub later_decision: Option<Adoption>,
    /// Why the export dialog offers no Beschlussvorlage now (in force, no Fortschreibung).
    pub vorlage_refusal: Option<String>,
}

/// The overview's Umsetzung and the facts for its next steps; `None` before the first
/// decision.
pub(super) fn summary(
    file: &ProjectFile,
    today: NaiveDate,
) -> Result<Option<(ImplementationSummary, analysis::ImplementationFacts)>> {
    if file.count(EntityKind::Adoption)? == 0 {
        return Ok(None);
    }
    let v = view(file)?;
    let Some(adoption) = v.adoptions.first().cloned() else {
        return Ok(None);
    };
    // Judged on the caller's today (the view's own judgement uses this computer's).
    let standings: Vec<Option<KpiStanding>> = v
        .kpis
        .iter()
        .map(|k| k.kpi.standing(newest_measured(&k.values), today))
        .collect();
    let facts = analysis::ImplementationFacts {
        in_force: v.in_force.is_some(),
        drafting: v.stage != StrategyStage::InKraft,
        pending: (!adopts(adoption.result)).then(|| {
            format!(
                "{} vom {} am {}",
                adoption.result.label(),
                adoption.body.trim(),
                german_date(adoption.date)
            )
        }),
        adopted_on: newest_adopting(&v.adoptions).and_then(|a| a.date),
        round: v
            .round
            .as_ref()
            .map(|r| (r.round.label.clone(), r.round.date)),
        unreported: v.round.as_ref().map_or(0, |r| r.unreported as usize),
        unchanged: v.round.as_ref().map_or(0, |r| r.unchanged as usize),
        kpis: v.kpis.len(),
        kpis_measured: v
            .kpis
            .iter()
            .filter(|k| k.values.iter().any(|x| x.value.is_some()))
            .count(),
        kpis_due_unmeasured: standings
            .iter()
            .filter(|s| matches!(s, Some(KpiStanding::DueUnmeasured(_))))
            .count(),
        today,
    };
    // The card names the strategy in force; a later decision that did not adopt (a rejected
    // Fortschreibung) is named beside it, not in its place.
    let (adoption, later_decision) = match newest_adopting(&v.adoptions).cloned() {
        Some(in_force) if in_force.id != adoption.id => (in_force, Some(adoption)),
        Some(in_force) => (in_force, None),
        None => (adoption, None),
    };
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let implemented: Vec<&EntryView> = v
        .round
        .iter()
        .flat_map(|r| &r.entries)
        .filter(|e| !e.put_back())
        .collect();
    let progress: Vec<u64> = implemented
        .iter()
        .filter_map(|e| e.entry.progress.map(u64::from))
        .collect();
    let mean = match u64::try_from(progress.len()) {
        Ok(n) if n > 0 => {
            let sum: u64 = progress.iter().sum();
            // Rounded half up; at most 100 since every value is.
            sum.saturating_add(n / 2)
                .checked_div(n)
                .and_then(|mean| u8::try_from(mean).ok())
        }
        _ => None,
    };
    Ok(Some((
        ImplementationSummary {
            strategy: v
                .baselines
                .iter()
                .find(|b| b.id == adoption.baseline_id)
                .map(|b| b.label.clone())
                .unwrap_or_default(),
            adoption,
            round: v.round.as_ref().map(|r| r.round.clone()),
            lights: v
                .round
                .as_ref()
                .map(|r| r.lights.clone())
                .unwrap_or_default(),
            unreported: v.round.as_ref().map_or(0, |r| r.unreported),
            deferred: v.round.as_ref().map_or(0, |r| r.deferred),
            progress: mean,
            progress_reported: count(progress.len()),
            entries: count(implemented.len()),
            kpis: count(v.kpis.len()),
            kpis_reached: count(v.kpis.iter().filter(|k| k.reached == Some(true)).count()),
            kpis_missed: count(
                standings
                    .iter()
                    .filter(|s| matches!(s, Some(KpiStanding::Missed(_))))
                    .count(),
            ),
            deviating_measures: count(deviating_measures(&v.deviations)),
            in_force: v.in_force.is_some(),
            later_decision,
            vorlage_refusal: vorlage_refusal(&v),
        },
        facts,
    )))
}

pub(super) fn handle(file: &mut ProjectFile, command: ImplementationCommand) -> Result<Reply> {
    let saved = match command {
        ImplementationCommand::Get => None,
        ImplementationCommand::Adopt {
            date,
            body,
            drucksache,
            result,
            changes,
            label,
            decisions,
        } => Some(adopt(
            file,
            Adoption {
                id: Uuid::nil(),
                date: Some(date),
                body,
                drucksache,
                result,
                changes,
                baseline_id: Uuid::nil(),
            },
            label,
            &decisions,
        )?),
        ImplementationCommand::StartRevision { label } => {
            start_revision(file, label)?;
            None
        }
        ImplementationCommand::SaveAdoption(patch) => {
            let id = patch.id()?;
            let stored = file.require::<Adoption>(id)?;
            let adoption = patch.resolve(file)?;
            if adoption.baseline_id != stored.baseline_id {
                return Err(baseline_is_frozen());
            }
            if let Some(date) = adoption.date {
                check_adoption_after_start(file, date)?;
            }
            Some(save(file, adoption)?.id)
        }
        ImplementationCommand::SaveKpi(patch) => {
            let mut kpi = patch.resolve(file)?;
            // The stored direction says what start and target say (the window shows it).
            kpi.direction = kpi.judged_direction();
            if let Some(m) = kpi.measure_id {
                file.require::<Measure>(m)?;
            }
            if let Some(g) = kpi.goal_id {
                file.require::<Goal>(g)?;
            }
            Some(save(file, kpi)?.id)
        }
        ImplementationCommand::SaveKpiValue(patch) => {
            let value = patch.resolve(file)?;
            file.require::<Kpi>(value.kpi_id)?;
            Some(save(file, value)?.id)
        }
        ImplementationCommand::StartRound { label, date } => Some(start_round(file, label, date)?),
        ImplementationCommand::SaveRound(patch) => {
            let round = patch.resolve(file)?;
            if let Some(b) = round.baseline_id {
                let baseline = file.require::<Baseline>(b)?;
                if let Some(date) = round.date {
                    check_round_after_adoption(&baseline, date)?;
                    check_stichtag_free(file, date, Some(round.id))?;
                }
            }
            Some(save(file, round)?.id)
        }
        ImplementationCommand::SaveEntry(patch) => {
            let entry = patch.resolve(file)?;
            file.require::<StatusRound>(entry.round_id)?;
            file.require::<Measure>(entry.measure_id)?;
            Some(save(file, entry)?.id)
        }
        ImplementationCommand::StatusForms { dir } => {
            return Ok(Reply::StatusForms(status_forms(file, &dir)?));
        }
        ImplementationCommand::Report {
            path,
            round_id,
            date,
        } => {
            return Ok(Reply::Report(write_report(file, &path, round_id, date)?));
        }
        ImplementationCommand::StatusImport { paths, apply } => {
            return Ok(Reply::StatusImport(status_import(file, &paths, apply)?));
        }
        ImplementationCommand::Delete { kind, id } => {
            if matches!(kind, EntityKind::Baseline | EntityKind::Adoption) {
                return Err(baseline_is_frozen());
            }
            check_deletable(kind, 6)?;
            file.change(&format!("{} gelöscht", kind.label()), |w| {
                match kind {
                    EntityKind::Kpi => {
                        for v in w.list_where::<KpiValue>(|v| v.kpi_id == id)? {
                            w.delete(EntityKind::KpiValue, v.id)?;
                        }
                    }
                    EntityKind::StatusRound => {
                        for e in w.list_where::<StatusEntry>(|e| e.round_id == id)? {
                            w.delete(EntityKind::StatusEntry, e.id)?;
                        }
                    }
                    _ => {}
                }
                w.delete(kind, id)
            })?;
            None
        }
    };
    Ok(Reply::Implementation(ImplementationView {
        written: super::Written::saved(saved),
        ..view(file)?
    }))
}

fn baseline_is_frozen() -> Error {
    Error::invalid(
        "Der Beschluss und seine Ausgangsbasis bleiben, wie sie beschlossen wurden. Für einen \
         neuen Stand bitte die Strategie fortschreiben und erneut beschließen lassen.",
    )
}

/// A council adopts the strategy the project drafted: not before the project began (an
/// adoption of 2019 was taken for a project begun in 2025).
fn check_adoption_after_start(file: &ProjectFile, date: NaiveDate) -> Result<()> {
    match super::project::profile(file)?.start_date {
        Some(start) if date < start => Err(Error::invalid(format!(
            "Der Beschluss ({}) liegt vor dem Projektbeginn ({}): das Gremium beschließt die \
             Strategie, die das Projekt erarbeitet hat. Bitte das Datum prüfen.",
            date.format("%d.%m.%Y"),
            start.format("%d.%m.%Y")
        ))),
        _ => Ok(()),
    }
}

/// Freezes the current plan as a new baseline and records the adoption, in one change.
fn adopt(
    file: &mut ProjectFile,
    mut adoption: Adoption,
    label: String,
    decisions: &[DecisionOf],
) -> Result<Uuid> {
    if let Some(date) = adoption.date {
        check_adoption_after_start(file, date)?;
        // A decision comes after the one before (a Fortschreibung after the strategy it
        // updates, a second vote after the postponed one).
        let previous = file
            .list::<Adoption>()?
            .into_iter()
            .filter_map(|a| a.date)
            .max();
        if let Some(previous) = previous {
            if date < previous {
                return Err(Error::invalid(format!(
                    "Der Beschluss ({}) liegt vor dem zuletzt erfassten Beschluss vom {}. \
                     Bitte das Datum prüfen.",
                    date.format("%d.%m.%Y"),
                    previous.format("%d.%m.%Y")
                )));
            }
        }
    }
    let measures = {
        let mut m = file.list::<Measure>()?;
        m.sort_by_cached_key(|m| m.number_key());
        m
    };
    // The Beschluss freezes the plan's measures as the Ausgangsbasis: without any there is
    // nothing to hold fast and later nothing to report on.
    if measures.is_empty() {
        return Err(Error::invalid(
            "Die Strategie hat noch keine Maßnahmen: Der Beschluss hält sie als Ausgangsbasis fest. \
             Bitte zuerst im Baustein 4 Maßnahmen anlegen.",
        ));
    }
    for d in decisions {
        if !measures.iter().any(|m| m.id == d.measure_id) {
            return Err(Error::NotFound {
                what: EntityKind::Measure.label(),
                id: d.measure_id.to_string(),
            });
        }
    }
    let areas = file.list::<LifeArea>()?;
    let kpis = file.list::<Kpi>()?;
    let frozen_kpi = |k: &Kpi| BaselineKpi {
        kpi_id: k.id,
        name: k.name.clone(),
        unit: k.unit.clone(),
        target_value: k.target_value,
        target_date: k.target_date,
    };
    let mut frozen = Vec::with_capacity(measures.len());
    for m in &measures {
        let planned = analysis::budget(std::slice::from_ref(m))?;
        frozen.push(BaselineMeasure {
            measure_id: m.id,
            number: m.number.clone(),
            title: m.title.clone(),
            life_area: home_area(m.life_area_id, &areas)
                .map(|a| a.title.clone())
                .unwrap_or_else(|| "Querschnitt".into()),
            decision: decisions
                .iter()
                .rev()
                .find(|d| d.measure_id == m.id)
                .map(|d| d.decision)
                .unwrap_or_else(|| MeasureDecision::unnamed_for(m.status)),
            start_quarter: m.start_quarter.clone(),
            end_quarter: m.end_quarter.clone(),
            cost_by_year: planned
                .years
                .iter()
                .map(|y| YearAmount {
                    year: y.year,
                    cents: y.total_cents,
                })
                .collect(),
            unplaced_cents: planned.unplaced_cents,
            without_estimate: planned.without_estimate > 0,
            kpis: kpis
                .iter()
                .filter(|k| k.measure_id == Some(m.id))
                .map(frozen_kpi)
                .collect(),
        });
    }
    // The version put to the vote: the first strategy is 1 however often it was postponed,
    // its first Fortschreibung 2.
    let adopted_before = file
        .list::<Adoption>()?
        .iter()
        .filter(|a| adopts(a.result))
        .count();
    let version = u32::try_from(adopted_before)
        .unwrap_or(u32::MAX)
        .saturating_add(1);
    let label = if label.trim().is_empty() {
        file.get::<ReportSettings>(REPORT_SETTINGS_ID)?
            .map(|s| s.title)
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| "Digitalisierungsstrategie".into())
    } else {
        label
    };
    let baseline = Baseline {
        id: Uuid::nil(),
        version,
        label,
        frozen_on: adoption.date,
        measures: frozen,
        goal_kpis: kpis
            .iter()
            .filter(|k| k.goal_id.is_some())
            .map(frozen_kpi)
            .collect(),
    };
    // An adopted strategy is printed as adopted: no „Entwurf“ watermark, the decision as its
    // version (a Fortschreibung makes it a draft again). A rejected or postponed one stays a draft.
    let adopted = adopts(adoption.result);
    let settings = file
        .get::<ReportSettings>(REPORT_SETTINGS_ID)?
        .unwrap_or_default();
    let version_label = adopted_version(&adoption);
    let label = format!("Beschluss ({}) erfasst", adoption.body.trim());
    file.change(&label, |w| {
        let baseline = w.put(baseline)?;
        adoption.baseline_id = baseline.id;
        if adopted {
            w.put(ReportSettings {
                version_label,
                watermark: false,
                ..settings
            })?;
            // The plan becomes what the council decided: a struck measure leaves it (the
            // baseline keeps it as put to the vote), a deferred one says so in its Steckbrief.
            // The strategy printed as „Beschlossen vom …“ had still listed both as planned.
            for m in &baseline.measures {
                match m.decision {
                    MeasureDecision::Gestrichen => {
                        super::measures::delete_measure(w, m.measure_id)?
                    }
                    MeasureDecision::Zurueckgestellt => {
                        if let Some(measure) = measures.iter().find(|x| x.id == m.measure_id) {
                            w.put(Measure {
                                status: MeasureStatus::Zurueckgestellt,
                                ..measure.clone()
                            })?;
                        }
                    }
                    // Adopted after all: a measure put back before is planned again.
                    MeasureDecision::Beschlossen | MeasureDecision::Geaendert => {
                        if let Some(measure) = measures.iter().find(|x| {
                            x.id == m.measure_id && x.status == MeasureStatus::Zurueckgestellt
                        }) {
                            w.put(Measure {
                                status: MeasureStatus::Geplant,
                                ..measure.clone()
                            })?;
                        }
                    }
                }
            }
        }
        Ok(w.put(adoption)?.id)
    })
}

/// The version line an adoption gives the printed strategy: „Beschlossen vom Gemeinderat am
/// 03.11.2025“.
fn adopted_version(adoption: &Adoption) -> String {
    format!(
        "Beschlossen vom {} am {}",
        adoption.body.trim(),
        german_date(adoption.date)
    )
}

/// The version line of a strategy printed while in force whose plan changed since the vote:
/// „Beschlossen vom Gemeinderat am 03.11.2025, seither geändert“. The adopted line alone over
/// a plan with shifted periods, new costs or new measures said the council had adopted them.
/// `None`: the settings' line stands (no change, a Fortschreibung's draft, or a line the
/// consultant wrote).
pub(super) fn version_after_changes(
    file: &ProjectFile,
    settings: &ReportSettings,
) -> Result<Option<String>> {
    // Cheap first: the live preview asks on every keystroke.
    if !settings
        .version_label
        .trim()
        .starts_with("Beschlossen vom ")
    {
        return Ok(None);
    }
    let v = view(file)?;
    // Changed: a measure's period, costs or presence, or an indicator's target.
    let changed = !v.deviations.is_empty() || v.kpis.iter().any(|k| k.adopted_target.is_some());
    if v.stage != StrategyStage::InKraft || !changed {
        return Ok(None);
    }
    Ok(newest_adopting(&v.adoptions)
        .map(adopted_version)
        .filter(|adopted| settings.version_label.trim() == adopted)
        .map(|adopted| format!("{adopted}, seither geändert")))
}

/// The strategy becomes a draft again for its Fortschreibung, in one change.
fn start_revision(file: &mut ProjectFile, label: String) -> Result<()> {
    if baseline_in_force(file)?.is_none() {
        return Err(Error::invalid(
            "Fortgeschrieben wird eine beschlossene Strategie: bitte zuerst den Beschluss erfassen.",
        ));
    }
    check_required("Die Bezeichnung der Fortschreibung", &label)?;
    let settings = file
        .get::<ReportSettings>(REPORT_SETTINGS_ID)?
        .unwrap_or_default();
    let sections = file.list::<Section>()?;
    file.change(
        &format!("Fortschreibung „{}“ begonnen", label.trim()),
        |w| {
            // The adopted version's date would put the new draft in the past („Stand:
            // 20.10.2025“ on a Fortschreibung printed a year later): empty, it is the day the
            // draft is made, as in a new project.
            w.put(ReportSettings {
                version_label: label.trim().to_string(),
                watermark: true,
                date: None,
                ..settings
            })?;
            for section in sections.into_iter().filter(|s| s.approved) {
                w.put(Section {
                    approved: false,
                    ..section
                })?;
            }
            Ok(())
        },
    )
}

/// A status round reports on the strategy as adopted: its Stichtag cannot lie before the
/// adoption it compares with (a round of 2020 on a strategy adopted in 2025 was taken).
fn check_round_after_adoption(baseline: &Baseline, date: NaiveDate) -> Result<()> {
    match baseline.frozen_on {
        Some(adopted) if date < adopted => Err(Error::invalid(format!(
            "Der Stichtag der Statusrunde ({}) liegt vor dem Beschluss vom {}: eine Statusrunde \
             berichtet über die Umsetzung danach. Bitte das Datum prüfen.",
            date.format("%d.%m.%Y"),
            adopted.format("%d.%m.%Y")
        ))),
        _ => Ok(()),
    }
}

/// Refuses a second round on one Stichtag (`except`: the round being saved): which of two
/// would be the newest, and which one the next round begins from, would be chance.
fn check_stichtag_free(file: &ProjectFile, date: NaiveDate, except: Option<Uuid>) -> Result<()> {
    match file
        .list::<StatusRound>()?
        .into_iter()
        .find(|r| r.date == Some(date) && Some(r.id) != except)
    {
        Some(other) => Err(Error::invalid(format!(
            "Zum Stichtag {} gibt es schon die {}. Eine Statusrunde je Stichtag: bitte die \
             vorhandene fortführen oder ein anderes Datum wählen.",
            date.format("%d.%m.%Y"),
            round_name(&other.label)
        ))),
        None => Ok(()),
    }
}

/// Starts a round: entries for the baseline's measures that were not struck and for measures
/// added since, filled with the newest earlier round's values.
fn start_round(file: &mut ProjectFile, label: String, date: NaiveDate) -> Result<Uuid> {
    let baseline = baseline_in_force(file)?.ok_or_else(|| {
        Error::invalid(
            "Statusrunden berichten über die Umsetzung einer beschlossenen Strategie: bitte zuerst \
             den Beschluss des Gremiums erfassen (eine vertagte oder abgelehnte Strategie ist \
             nicht in Kraft).",
        )
    })?;
    check_round_after_adoption(&baseline, date)?;
    check_stichtag_free(file, date, None)?;
    let measures = file.list::<Measure>()?;
    let struck: Vec<Uuid> = baseline
        .measures
        .iter()
        .filter(|m| m.decision == MeasureDecision::Gestrichen)
        .map(|m| m.measure_id)
        .collect();
    let previous = round_before(file.list::<StatusRound>()?, Some(date), None);
    let earlier: Vec<StatusEntry> = match &previous {
        Some(r) => file
            .list::<StatusEntry>()?
            .into_iter()
            .filter(|e| e.round_id == r.id)
            .collect(),
        None => Vec::new(),
    };
    let round = StatusRound {
        id: Uuid::nil(),
        label,
        date: Some(date),
        baseline_id: Some(baseline.id),
    };
    round.validate()?;
    file.change("Statusrunde begonnen", |w| {
        let round = w.put(round)?;
        for m in measures.iter().filter(|m| !struck.contains(&m.id)) {
            let entry = match earlier.iter().find(|e| e.measure_id == m.id) {
                Some(e) => StatusEntry {
                    id: Uuid::nil(),
                    round_id: round.id,
                    ..e.clone()
                },
                None => StatusEntry {
                    round_id: round.id,
                    measure_id: m.id,
                    ..StatusEntry::default()
                },
            };
            w.put(entry)?;
        }
        Ok(round.id)
    })
}

/// The newest value of `values` (sorted by date) with the day it was measured.
fn newest_measured(values: &[KpiValue]) -> Option<(NaiveDate, f64)> {
    values.iter().rev().find_map(|x| Some((x.date?, x.value?)))
}

pub(super) fn view(file: &ProjectFile) -> Result<ImplementationView> {
    let today = chrono::Local::now().date_naive();
    let mut adoptions = file.list::<Adoption>()?;
    adoptions.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
    let mut baselines = file.list::<Baseline>()?;
    baselines.sort_by_key(|b| std::cmp::Reverse((b.version, b.frozen_on)));
    let in_force = newest_adopting(&adoptions).map(|a| a.baseline_id);
    let stage = match in_force {
        None => StrategyStage::Entwurf,
        Some(_) => {
            let drafting = file
                .get::<ReportSettings>(REPORT_SETTINGS_ID)?
                .is_some_and(|s| s.watermark);
            if drafting {
                StrategyStage::Fortschreibung
            } else {
                StrategyStage::InKraft
            }
        }
    };
    let mut measures = file.list::<Measure>()?;
    measures.sort_by_cached_key(|m| m.number_key());
    let goals = file.list::<Goal>()?;
    let values = file.list::<KpiValue>()?;
    let in_force_baseline = in_force.and_then(|id| baselines.iter().find(|b| b.id == id));
    let kpis = file
        .list::<Kpi>()?
        .into_iter()
        .map(|kpi| {
            let mut own: Vec<KpiValue> = values
                .iter()
                .filter(|v| v.kpi_id == kpi.id)
                .cloned()
                .collect();
            own.sort_by_key(|v| v.date);
            let latest = own.last().and_then(|v| v.value);
            let reached = latest.and_then(|v| kpi.reaches_target(v));
            let standing = kpi.standing(newest_measured(&own), today);
            let owner = match (kpi.measure_id, kpi.goal_id) {
                (Some(m), _) => measures
                    .iter()
                    .find(|x| x.id == m)
                    .map(|x| format!("{} {}", x.number, x.title))
                    .unwrap_or_default(),
                (None, Some(g)) => goals
                    .iter()
                    .find(|x| x.id == g)
                    .map(|x| x.title.clone())
                    .unwrap_or_default(),
                (None, None) => String::new(),
            };
            KpiView {
                direction_implied: kpi.implied_direction().is_some(),
                standing,
                adopted_target: in_force_baseline.and_then(|b| adopted_target(b, &kpi)),
                kpi,
                owner,
                values: own,
                latest,
                reached,
            }
        })
        .collect();
    let mut rounds = file.list::<StatusRound>()?;
    rounds.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
    let round = match rounds.first() {
        Some(r) => Some(round_view(file, r.clone(), &measures)?),
        None => None,
    };
    let baseline = in_force.and_then(|id| baselines.iter().find(|b| b.id == id));
    let plan_vs_actual = match baseline {
        Some(b) => plan_vs_actual(b, round.as_ref())?,
        None => Vec::new(),
    };
    let deviations = match baseline {
        Some(b) => deviations(b, &measures)?,
        None => Vec::new(),
    };
    let plan_vs_actual_chart = crate::charts::plan_actual(
        &plan_vs_actual
            .iter()
            .map(|r| (r.year, r.planned_cents, r.actual_cents))
            .collect::<Vec<_>>(),
        round.as_ref().map(|r| stichtag_year(&r.round)),
    );
    Ok(ImplementationView {
        written: super::Written::default(),
        adoptions,
        baselines,
        kpis,
        rounds,
        round,
        plan_vs_actual,
        plan_vs_actual_chart,
        deviations,
        council: super::project::profile(file)?
            .kind
            .council()
            .name
            .to_string(),
        stage,
        in_force,
    })
}

fn round_view(file: &ProjectFile, round: StatusRound, measures: &[Measure]) -> Result<RoundView> {
    let all = file.list::<StatusEntry>()?;
    let deferred: Vec<Uuid> = match round.baseline_id {
        Some(id) => file
            .get::<Baseline>(id)?
            .map(|b| {
                b.measures
                    .into_iter()
                    .filter(|m| m.decision == MeasureDecision::Zurueckgestellt)
                    .map(|m| m.measure_id)
                    .collect()
            })
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let mut entries: Vec<EntryView> = all
        .iter()
        .filter(|e| e.round_id == round.id)
        .cloned()
        .filter_map(|entry| {
            let m = measures.iter().find(|m| m.id == entry.measure_id)?;
            Some(EntryView {
                number: m.number.clone(),
                title: m.title.clone(),
                lead: m.lead.clone(),
                deferred: deferred.contains(&entry.measure_id),
                entry,
            })
        })
        .collect();
    entries.sort_by_cached_key(|e| number_key(&e.number));
    let lights = TrafficLight::ALL
        .iter()
        .map(|&light| LightCount {
            light,
            count: u32::try_from(
                entries
                    .iter()
                    .filter(|e| e.entry.light == Some(light))
                    .count(),
            )
            .unwrap_or(u32::MAX),
        })
        .collect();
    let count = |keep: &dyn Fn(&EntryView) -> bool| {
        u32::try_from(entries.iter().filter(|e| keep(e)).count()).unwrap_or(u32::MAX)
    };
    let deferred = count(&|e| e.put_back());
    let unreported = count(&|e| e.entry.light.is_none() && !e.put_back());
    // The round before, as `start_round` took its values.
    let previous = round_before(file.list::<StatusRound>()?, round.date, Some(round.id));
    let before: HashMap<Uuid, &StatusEntry> = all
        .iter()
        .filter(|e| previous.as_ref().is_some_and(|p| e.round_id == p.id))
        .map(|e| (e.measure_id, e))
        .collect();
    // A measure put back by the council awaits no report: nothing to confirm either.
    let unchanged = entries
        .iter()
        .filter(|e| !e.put_back())
        .filter(|e| {
            before
                .get(&e.entry.measure_id)
                .is_some_and(|b| b.has_status() && !b.is_closed() && b.same_status(&e.entry))
        })
        .count();
    let previous = previous.map(|p| p.label);
    let unchanged_note = previous.as_ref().filter(|_| unchanged > 0).map(|label| {
        format!(
            "Bei {} sind die Angaben unverändert seit der {}.",
            analysis::count_of(unchanged, "Maßnahme", "Maßnahmen"),
            round_name(label)
        )
    });
    Ok(RoundView {
        round,
        entries,
        lights,
        unreported,
        deferred,
        unchanged: u32::try_from(unchanged).unwrap_or(u32::MAX),
        unchanged_note,
        previous,
    })
}

/// The round a round dated `date` begins from: the newest one not after it (`except` itself).
/// One rule for `start_round`, which copies its values, and the view, which compares with them.
fn round_before(
    rounds: Vec<StatusRound>,
    date: Option<NaiveDate>,
    except: Option<Uuid>,
) -> Option<StatusRound> {
    rounds
        .into_iter()
        .filter(|r| Some(r.id) != except && r.date <= date)
        .max_by_key(|r| (r.date, r.id))
}

/// The last year a round's Ist costs can cover: its Stichtag's (a round without a date covers
/// every year).
fn stichtag_year(round: &StatusRound) -> i32 {
    round.date.map_or(i32::MAX, |d| chrono::Datelike::year(&d))
}

/// A round as the report names it: „Statusrunde „2. Halbjahr 2027““, but a label that says
/// „Statusrunde“ itself only once („Die Statusrunde „Statusrunde …““ said it twice).
fn round_name(label: &str) -> String {
    let label = label.trim();
    if StatusRound::label_names_itself(label) {
        format!("„{label}“")
    } else {
        format!("Statusrunde „{label}“")
    }
}

/// The baseline's planned amounts per year (measures neither struck nor put back) against the round's actual
/// costs. Every sum is checked. A year's reports are counted per measure: a measure that reports
/// costs for a year it had no plan for does not stand in for one that planned and did not report.
pub fn plan_vs_actual(baseline: &Baseline, round: Option<&RoundView>) -> Result<Vec<PlanActual>> {
    let mut years: BTreeMap<i32, PlanActual> = BTreeMap::new();
    fn row(years: &mut BTreeMap<i32, PlanActual>, year: i32) -> &mut PlanActual {
        years.entry(year).or_insert(PlanActual {
            year,
            planned_cents: 0,
            actual_cents: None,
            planned_measures: 0,
            reported_measures: 0,
            actual_label: String::new(),
        })
    }
    let mut planned: BTreeSet<(i32, Uuid)> = BTreeSet::new();
    // What the council struck or put back is not planned money: a deferred measure's amounts had
    // stood in „geplant (Beschluss)“, and its year counted it among the reports missing.
    for m in baseline.measures.iter().filter(|m| {
        !matches!(
            m.decision,
            MeasureDecision::Gestrichen | MeasureDecision::Zurueckgestellt
        )
    }) {
        for a in &m.cost_by_year {
            let y = row(&mut years, a.year);
            y.planned_cents = add_cents(y.planned_cents, a.cents)?;
            if a.cents > 0 {
                planned.insert((a.year, m.measure_id));
            }
        }
    }
    let mut reported: BTreeSet<(i32, Uuid)> = BTreeSet::new();
    for e in round.map(|r| r.entries.as_slice()).unwrap_or_default() {
        for a in &e.entry.actual_costs {
            let y = row(&mut years, a.year);
            y.actual_cents = Some(add_cents(y.actual_cents.unwrap_or(0), a.cents)?);
            reported.insert((a.year, e.entry.measure_id));
        }
    }
    let count = |set: &BTreeSet<(i32, Uuid)>, year: i32, keep: &dyn Fn(&Uuid) -> bool| {
        let n = set.iter().filter(|(y, id)| *y == year && keep(id)).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    Ok(years
        .into_values()
        .map(|mut y| {
            let year = y.year;
            y.planned_measures = count(&planned, year, &|_| true);
            y.reported_measures = count(&reported, year, &|id| planned.contains(&(year, *id)));
            let unplanned = count(&reported, year, &|id| !planned.contains(&(year, *id)));
            y.actual_label = match y.actual_cents {
                None => "–".into(),
                Some(c) if y.reported_measures < y.planned_measures => format!(
                    "{} ({} von {} gemeldet{})",
                    analysis::format_euro(c),
                    y.reported_measures,
                    y.planned_measures,
                    match unplanned {
                        0 => String::new(),
                        n => format!(", dazu {n} ohne Plan"),
                    }
                ),
                Some(c) => analysis::format_euro(c),
            };
            y
        })
        .collect())
}

/// What differs between the baseline and the measures now: added and deleted measures, moved
/// periods, changed planned amounts (struck measures are not planned: no deviation).
pub fn deviations(baseline: &Baseline, measures: &[Measure]) -> Result<Vec<Deviation>> {
    let mut out = Vec::new();
    let amounts = |years: &[YearAmount]| -> String {
        if years.is_empty() {
            return "keine Beträge".into();
        }
        years
            .iter()
            .map(|a| format!("{}: {}", a.year, analysis::format_euro(a.cents)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for b in &baseline.measures {
        let Some(now) = measures.iter().find(|m| m.id == b.measure_id) else {
            if b.decision != MeasureDecision::Gestrichen {
                out.push(Deviation {
                    kind: DeviationKind::Dropped,
                    measure_id: b.measure_id,
                    number: b.number.clone(),
                    title: b.title.clone(),
                    before: "beschlossen".into(),
                    after: "nicht mehr im Plan".into(),
                });
            }
            continue;
        };
        if b.decision == MeasureDecision::Gestrichen {
            continue;
        }
        let period_then = period_label(b.start_quarter.as_deref(), b.end_quarter.as_deref());
        let period_now = period_label(now.start_quarter.as_deref(), now.end_quarter.as_deref());
        if period_then != period_now {
            out.push(Deviation {
                kind: DeviationKind::PeriodShifted,
                measure_id: now.id,
                number: now.number.clone(),
                title: now.title.clone(),
                before: period_then,
                after: period_now,
            });
        }
        let planned = analysis::budget(std::slice::from_ref(now))?;
        let now_years: Vec<YearAmount> = planned
            .years
            .iter()
            .map(|y| YearAmount {
                year: y.year,
                cents: y.total_cents,
            })
            .collect();
        if now_years != b.cost_by_year || planned.unplaced_cents != b.unplaced_cents {
            out.push(Deviation {
                kind: DeviationKind::CostChanged,
                measure_id: now.id,
                number: now.number.clone(),
                title: now.title.clone(),
                before: amounts(&b.cost_by_year),
                after: amounts(&now_years),
            });
        }
    }
    for m in measures
        .iter()
        .filter(|m| !baseline.measures.iter().any(|b| b.measure_id == m.id))
    {
        out.push(Deviation {
            kind: DeviationKind::New,
            measure_id: m.id,
            number: m.number.clone(),
            title: m.title.clone(),
            before: "nicht beschlossen".into(),
            after: "neu im Plan".into(),
        });
    }
    Ok(out)
}

/// A file name without the characters Windows forbids.
/// Longest part of a status form's file name (its round, its department), in bytes: the whole
/// name stays well below the 255 bytes file systems allow (a department's long name made the
/// export fail).
const FILE_PART_BYTES: usize = 80;

/// The department a measure reports through: its Federführung, „ohne Federführung“ when empty.
fn department(m: &Measure) -> String {
    match m.lead.trim() {
        "" => "ohne Federführung".to_string(),
        lead => lead.to_string(),
    }
}

fn status_forms(file: &ProjectFile, dir: &str) -> Result<StatusForms> {
    use crate::export::status_forms::{workbook, FormRow, StatusForm};
    let v = view(file)?;
    let round = v.round.ok_or_else(|| {
        Error::invalid("Es gibt noch keine Statusrunde: bitte zuerst eine Statusrunde beginnen.")
    })?;
    let baseline = round
        .round
        .baseline_id
        .or(v.in_force)
        .and_then(|id| v.baselines.iter().find(|b| b.id == id));
    let measures = file.list::<Measure>()?;
    let project_id = file.meta("project_id")?.unwrap_or_default();
    let municipality = super::project::profile(file)?.name;
    // The years of the plan, and the round's year.
    let mut years: Vec<i32> = v.plan_vs_actual.iter().map(|p| p.year).collect();
    if let Some(y) = round.round.date.map(|d| chrono::Datelike::year(&d)) {
        years.push(y);
    }
    years.sort_unstable();
    years.dedup();
    // A measure the council put back is not being implemented: its department has nothing to
    // report on it (once it has a light, it is reported on and stays in the form).
    let mut departments: BTreeMap<String, Vec<&EntryView>> = BTreeMap::new();
    let mut put_back = Vec::new();
    for e in &round.entries {
        if e.put_back() {
            put_back.push(format!("{} {}", e.number, e.title).trim().to_string());
            continue;
        }
        if let Some(m) = measures.iter().find(|m| m.id == e.entry.measure_id) {
            departments.entry(department(m)).or_default().push(e);
        }
    }
    if departments.is_empty() {
        return Err(Error::invalid(if round.entries.is_empty() {
            "Die Statusrunde hat keine Maßnahmen: es gibt kein Formular zu erstellen."
        } else {
            "Alle Maßnahmen der Statusrunde sind zurückgestellt: es gibt keine Meldung einzuholen."
        }));
    }
    let dir = std::path::Path::new(dir);
    std::fs::create_dir_all(dir)?;
    let mut files = Vec::new();
    for (department, entries) in &departments {
        let rows = entries
            .iter()
            .map(|e| {
                let frozen = baseline.and_then(|b| {
                    b.measures
                        .iter()
                        .find(|m| m.measure_id == e.entry.measure_id)
                });
                let now = measures.iter().find(|m| m.id == e.entry.measure_id);
                FormRow {
                    entry: &e.entry,
                    number: e.number.clone(),
                    title: e.title.clone(),
                    period: now
                        .map(|m| period_label(m.start_quarter.as_deref(), m.end_quarter.as_deref()))
                        .unwrap_or_default(),
                    planned_cents: frozen.filter(|f| !f.without_estimate).and_then(|f| {
                        analysis::sum_cents(f.cost_by_year.iter().map(|a| Some(a.cents))).ok()
                    }),
                }
            })
            .collect();
        // The form is filled with the round before's values: it says so, or an unchanged row
        // reads as a fresh report.
        let carried_from = round
            .previous
            .as_deref()
            .filter(|_| entries.iter().any(|e| e.entry.has_status()))
            .map(round_name);
        let bytes = workbook(&StatusForm {
            municipality: &municipality,
            project_id: &project_id,
            round_id: round.round.id,
            round_label: &round.round.label,
            department,
            years: &years,
            rows,
            carried_from: carried_from.as_deref(),
        })?;
        // Two departments whose names read alike once cut or cleaned get a numbered name each,
        // never one file for both.
        let name = format!(
            "Statusmeldung {} – {}",
            crate::backup::readable_name_part(round_in_name(&round.round.label), FILE_PART_BYTES),
            crate::backup::readable_name_part(department, FILE_PART_BYTES)
        );
        let mut path = dir.join(format!("{name}.xlsx"));
        let mut n = 1u32;
        while files.contains(&path.display().to_string()) {
            n = n.saturating_add(1);
            path = dir.join(format!("{name} ({n}).xlsx"));
        }
        crate::durable::write_atomically(&path, &bytes)?;
        files.push(path.display().to_string());
    }
    Ok(StatusForms { files, put_back })
}

/// The round's label as part of a form's file name: „Statusrunde 1. Halbjahr 2028“ gives
/// „Statusmeldung 1. Halbjahr 2028 – …“, not „Statusmeldung Statusrunde 1. Halbjahr 2028 – …“.
fn round_in_name(label: &str) -> &str {
    let label = label.trim();
    label
        .strip_prefix("Statusrunde")
        .filter(|rest| rest.starts_with(char::is_whitespace))
        .map(str::trim_start)
        .unwrap_or(label)
}

/// A form's cell value as the preview shows it.
fn shown_light(l: Option<TrafficLight>) -> String {
    l.map(|l| l.label().to_string()).unwrap_or_default()
}

fn status_import(file: &mut ProjectFile, paths: &[String], apply: bool) -> Result<StatusImport> {
    use crate::export::status_forms as form;
    use crate::import::status_forms::{actual_costs, read};
    let project_id = file.meta("project_id")?.unwrap_or_default();
    let entries = file.list::<StatusEntry>()?;
    let measures = file.list::<Measure>()?;
    let newest = view(file)?.round.map(|r| r.round);
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    let mut updated: Vec<StatusEntry> = Vec::new();
    for path in paths {
        let name = std::path::Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.clone());
        let filled = read(std::path::Path::new(path))?;
        let mut problem = |row: u32, column: &str, message: String| {
            problems.push(FormProblem {
                file: name.clone(),
                row,
                column: column.to_string(),
                message,
            })
        };
        if filled.project_id != project_id {
            problem(
                0,
                "",
                "Das Formular gehört zu einem anderen Projekt und wird nicht eingelesen.".into(),
            );
            continue;
        }
        let Some(round_id) = filled
            .round_id
            .filter(|r| file.get::<StatusRound>(*r).ok().flatten().is_some())
        else {
            problem(
                0,
                "",
                "Die Statusrunde des Formulars gibt es in diesem Projekt nicht (mehr).".into(),
            );
            continue;
        };
        // A form of an earlier round, come back after a newer one began, would rewrite a round
        // already reported on (and leave the newest round without the values).
        if let Some(newest) = newest.as_ref().filter(|n| n.id != round_id) {
            let label = file
                .get::<StatusRound>(round_id)?
                .map(|r| round_name(&r.label))
                .unwrap_or_default();
            problem(
                0,
                "",
                format!(
                    "Das Formular gehört zur {label}; inzwischen läuft die {}. Bitte die Angaben \
                     mit den Statusformularen der neuesten Runde melden lassen.",
                    round_name(&newest.label)
                ),
            );
            continue;
        }
        for p in &filled.problems {
            problem(p.row, &p.column, p.message.clone());
        }
        // A cell that could not be read is listed as a problem, not as emptied.
        let unreadable = |line: u32, column: &str| {
            filled
                .problems
                .iter()
                .any(|p| p.row == line && p.column == column)
        };
        for row in &filled.rows {
            let Some(entry) = row.entry_id.and_then(|id| {
                entries
                    .iter()
                    .find(|e| e.id == id && e.round_id == round_id)
            }) else {
                problem(row.line, form::ID, format!("Die Zeile der Maßnahme „{}“ gehört nicht zu dieser Statusrunde (unbekannte Maßnahme).", row.number));
                continue;
            };
            let Some(measure) = measures.iter().find(|m| m.id == entry.measure_id) else {
                problem(
                    row.line,
                    form::NUMBER,
                    format!("Die Maßnahme „{}“ gibt es nicht mehr.", row.number),
                );
                continue;
            };
            if row.number != measure.number {
                problem(
                    row.line,
                    form::NUMBER,
                    format!(
                        "Die gesperrte Spalte wurde geändert: „{}“ statt „{}“.",
                        row.number, measure.number
                    ),
                );
                continue;
            }
            if row.title != measure.title.trim() {
                problem(
                    row.line,
                    form::TITLE,
                    format!(
                        "Die gesperrte Spalte wurde geändert: „{}“ statt „{}“.",
                        row.title, measure.title
                    ),
                );
                continue;
            }
            let mut after = StatusEntry {
                progress: row.progress,
                light: row.light,
                reason: row.reason.clone(),
                next_steps: row.next_steps.clone(),
                responsible: row.responsible.clone(),
                ..entry.clone()
            };
            // Years the form does not list keep their amounts; listed years take the cell.
            let listed: Vec<i32> = row.actual.iter().map(|(y, _)| *y).collect();
            after.actual_costs.retain(|a| !listed.contains(&a.year));
            after.actual_costs.extend(actual_costs(row));
            after.actual_costs.sort_by_key(|a| a.year);
            if let Err(e) = after.validate() {
                problem(row.line, form::REASON, e.to_string());
                continue;
            }
            let mut note = |field: &str, before: String, now: String| {
                if before != now && !unreadable(row.line, field) {
                    changes.push(StatusChange {
                        number: measure.number.clone(),
                        field: field.to_string(),
                        before,
                        after: now,
                    });
                }
            };
            let pct = |p: Option<u8>| p.map(|p| format!("{p} %")).unwrap_or_default();
            note(form::PROGRESS, pct(entry.progress), pct(after.progress));
            note(
                form::LIGHT,
                shown_light(entry.light),
                shown_light(after.light),
            );
            note(form::REASON, entry.reason.clone(), after.reason.clone());
            for (year, _) in &row.actual {
                let amount = |e: &StatusEntry| {
                    e.actual_costs
                        .iter()
                        .find(|a| a.year == *year)
                        .map(|a| analysis::format_euro(a.cents))
                        .unwrap_or_default()
                };
                note(&form::actual_header(*year), amount(entry), amount(&after));
            }
            note(
                form::NEXT,
                entry.next_steps.clone(),
                after.next_steps.clone(),
            );
            note(
                form::RESPONSIBLE,
                entry.responsible.clone(),
                after.responsible.clone(),
            );
            if after != *entry {
                updated.push(after);
            }
        }
    }
    if apply {
        if !problems.is_empty() {
            let list: Vec<String> = problems
                .iter()
                .map(|p| match p.row {
                    0 => format!("{}: {}", p.file, p.message),
                    row => format!(
                        "{}, Zeile {row}, Spalte „{}“: {}",
                        p.file, p.column, p.message
                    ),
                })
                .collect();
            // A cell to correct, or a form as a whole (another project, an earlier round).
            let what = if problems.iter().all(|p| p.row == 0) {
                "diese Formulare"
            } else {
                "diese Angaben"
            };
            return Err(Error::invalid(format!(
                "Die Formulare werden nicht übernommen; bitte zuerst {what} prüfen:\n{}",
                list.join("\n")
            )));
        }
        if !updated.is_empty() {
            let label = match paths.len() {
                1 => "Statusmeldung eingelesen".to_string(),
                n => format!("{n} Statusmeldungen eingelesen"),
            };
            file.change(&label, |w| {
                for e in updated {
                    w.put(e)?;
                }
                Ok(())
            })?;
        }
    }
    Ok(StatusImport {
        changes,
        problems,
        applied: apply,
    })
}

/// A chart as the report's template reads it.
#[derive(Serialize)]
struct ChartJson {
    svg: String,
    alt: String,
}

impl From<crate::charts::Chart> for ChartJson {
    fn from(c: crate::charts::Chart) -> ChartJson {
        ChartJson {
            svg: c.svg,
            alt: c.alt,
        }
    }
}

#[derive(Serialize)]
struct LightRow {
    label: String,
    count: String,
}

#[derive(Serialize)]
struct PlanRow {
    year: String,
    planned: String,
    actual: String,
}

#[derive(Serialize)]
struct MeasureRow {
    number: String,
    title: String,
    light: String,
    progress: String,
    reason: String,
}

#[derive(Serialize)]
struct AreaRows {
    title: String,
    measures: Vec<MeasureRow>,
}

#[derive(Serialize)]
struct KpiRow {
    name: String,
    owner: String,
    start: String,
    target: String,
    latest: String,
    verdict: String,
    /// None while nothing is measured: a chart of the target line alone is an empty figure.
    chart: Option<ChartJson>,
}

#[derive(Serialize)]
struct DeviationRow {
    kind: String,
    number: String,
    title: String,
    before: String,
    after: String,
    reason: String,
}

#[derive(Serialize)]
struct StepRow {
    number: String,
    title: String,
    steps: String,
}

/// `implementation.json` of the Umsetzungsbericht: every text formatted in German.
#[derive(Serialize)]
struct ImplementationReport {
    title: String,
    municipality: String,
    strategy: String,
    round: String,
    date: String,
    adoption: String,
    summary: String,
    lights: Vec<LightRow>,
    lights_chart: ChartJson,
    cost_note: String,
    plan_actual: Vec<PlanRow>,
    planned_total: String,
    actual_total: String,
    plan_actual_chart: ChartJson,
    areas: Vec<AreaRows>,
    /// What an earlier round's indicators show; empty for the newest round.
    kpis_note: String,
    kpis: Vec<KpiRow>,
    /// What an earlier round's deviations show; empty for the newest round.
    deviations_note: String,
    deviations: Vec<DeviationRow>,
    next_steps: Vec<StepRow>,
}

fn german_date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d.%m.%Y").to_string())
        .unwrap_or_else(|| "–".into())
}

/// The report's sentence on an indicator whose newest value (up to the report's day `on`) is
/// `latest`.
fn kpi_verdict(kpi: &Kpi, latest: Option<(NaiveDate, f64)>, on: NaiveDate) -> String {
    match kpi.standing(latest, on) {
        None => String::new(),
        Some(KpiStanding::Reached) => "Das Ziel ist erreicht.".into(),
        Some(KpiStanding::Open) => "Das Ziel ist noch nicht erreicht.".into(),
        Some(KpiStanding::Missed(due)) => format!(
            "Das Ziel ist zum Zieldatum ({}) nicht erreicht.",
            german_date(Some(due))
        ),
        Some(KpiStanding::DueUnmeasured(due)) => format!(
            "Das Zieldatum ({}) ist verstrichen; ob das Ziel erreicht wurde, zeigt erst ein Messwert danach.",
            german_date(Some(due))
        ),
    }
}

/// An indicator's target as the reports print it: „300 Personen bis 31.12.2026“.
fn target_text(value: Option<f64>, date: Option<NaiveDate>, unit: &str) -> String {
    match (value, date) {
        (Some(_), Some(due)) => {
            format!("{} bis {}", kpi_value(value, unit), german_date(Some(due)))
        }
        _ => kpi_value(value, unit),
    }
}

/// The target `kpi` had in `baseline`, when it differs from its target now; `None` when it is
/// the same or the indicator was added after that decision.
fn adopted_target(baseline: &Baseline, kpi: &Kpi) -> Option<String> {
    let frozen = baseline
        .goal_kpis
        .iter()
        .chain(baseline.measures.iter().flat_map(|m| &m.kpis))
        .find(|k| k.kpi_id == kpi.id)?;
    (frozen.target_value != kpi.target_value || frozen.target_date != kpi.target_date)
        .then(|| target_text(frozen.target_value, frozen.target_date, &frozen.unit))
}

fn kpi_value(v: Option<f64>, unit: &str) -> String {
    match v {
        None => "nicht erfasst".into(),
        Some(v) => {
            let text = analysis::format_decimal(v, if v.fract() == 0.0 { 0 } else { 1 });
            if unit.trim().is_empty() {
                text
            } else {
                format!("{text} {unit}")
            }
        }
    }
}

/// The report's content for `round_id` (the newest round when `None`).
fn report_content(
    file: &ProjectFile,
    round_id: Option<Uuid>,
    today: NaiveDate,
) -> Result<ImplementationReport> {
    let v = view(file)?;
    let mut measures = file.list::<Measure>()?;
    measures.sort_by_cached_key(|m| m.number_key());
    let round = match round_id {
        Some(id) => round_view(file, file.require::<StatusRound>(id)?, &measures)?,
        None => v.round.clone().ok_or_else(|| {
            Error::invalid(
                "Es gibt noch keine Statusrunde: bitte zuerst eine Statusrunde beginnen.",
            )
        })?,
    };
    let baseline = round
        .round
        .baseline_id
        .or(v.in_force)
        .and_then(|id| v.baselines.iter().find(|b| b.id == id))
        .ok_or_else(|| Error::invalid("Es gibt noch keinen Beschluss."))?;
    let adoption = v.adoptions.iter().find(|a| a.baseline_id == baseline.id);
    // Against the decision the round reports on, which the report names – not the one in force
    // now, which a later Fortschreibung may have replaced.
    let plan_deviations = deviations(baseline, &measures)?;
    // An earlier round's report shows the indicators as they were measured up to its Stichtag (a
    // reprint had shown the newer round's values under the older round's name); its plan can
    // only be shown as it is today, and the report says so.
    let earlier_round = v.round.as_ref().map(|r| r.round.id) != Some(round.round.id);
    let measured_until = round.round.date.filter(|_| earlier_round);
    let profile = super::project::profile(file)?;
    let total = round.entries.len();
    let summary_parts = light_parts(&round.lights, round.unreported, round.deferred);
    let summary = format!(
        "Die {} umfasst {}: {}. {}{}",
        round_name(&round.round.label),
        analysis::count_of(total, "Maßnahme", "Maßnahmen"),
        if summary_parts.is_empty() {
            "noch keine Meldungen".to_string()
        } else {
            summary_parts.join(", ")
        },
        match deviating_measures(&plan_deviations) {
            0 => "Der Plan entspricht dem Beschluss.".to_string(),
            1 => "1 Maßnahme weicht vom Beschluss ab (Abschnitt 5).".to_string(),
            n => format!("{n} Maßnahmen weichen vom Beschluss ab (Abschnitt 5)."),
        },
        round
            .unchanged_note
            .as_ref()
            .map(|note| format!(" {note}"))
            .unwrap_or_default()
    );
    let mut lights: Vec<LightRow> = round
        .lights
        .iter()
        .map(|c| LightRow {
            label: c.light.label().into(),
            count: c.count.to_string(),
        })
        .collect();
    if round.deferred > 0 {
        lights.push(LightRow {
            label: DEFERRED.into(),
            count: round.deferred.to_string(),
        });
    }
    lights.push(LightRow {
        label: UNREPORTED.into(),
        count: round.unreported.to_string(),
    });
    let mut chart_rows: Vec<(String, u32, &str)> = round
        .lights
        .iter()
        .zip(crate::charts::LIGHT_COLOURS)
        .map(|(c, colour)| (c.light.label().to_string(), c.count, colour))
        .collect();
    if round.deferred > 0 {
        chart_rows.push((DEFERRED.into(), round.deferred, "#e3e7ee"));
    }
    chart_rows.push((UNREPORTED.into(), round.unreported, "#c5ccd6"));
    let plan = plan_vs_actual(baseline, Some(&round))?;
    let planned_total = plan
        .iter()
        .try_fold(0i64, |s, r| add_cents(s, r.planned_cents))?;
    let reported: Vec<i64> = plan.iter().filter_map(|r| r.actual_cents).collect();
    let actual_total = if reported.is_empty() {
        None
    } else {
        Some(reported.iter().try_fold(0i64, |s, c| add_cents(s, *c))?)
    };
    let areas = file.list::<LifeArea>()?;
    let mut groups: BTreeMap<(i32, String), Vec<MeasureRow>> = BTreeMap::new();
    for e in &round.entries {
        let Some(m) = measures.iter().find(|m| m.id == e.entry.measure_id) else {
            continue;
        };
        let key = match home_area(m.life_area_id, &areas) {
            Some(a) => (a.order, a.title.clone()),
            None => (i32::MAX, "Querschnitt".to_string()),
        };
        groups.entry(key).or_default().push(MeasureRow {
            number: e.number.clone(),
            title: e.title.clone(),
            light: e.light_label(),
            progress: e
                .entry
                .progress
                .map(|p| format!("{p} %"))
                .unwrap_or_else(|| "–".into()),
            reason: e.entry.reason.clone(),
        });
    }
    let reason_of = |measure: Uuid| {
        round
            .entries
            .iter()
            .find(|e| e.entry.measure_id == measure)
            .map(|e| e.entry.reason.clone())
            .unwrap_or_default()
    };
    Ok(ImplementationReport {
        title: format!("Umsetzungsbericht {} – {}", profile.name, round.round.label),
        municipality: profile.name.clone(),
        strategy: baseline.label.clone(),
        round: round.round.label.clone(),
        date: german_date(Some(today)),
        adoption: match adoption {
            Some(a) => format!(
                "Beschluss: {} am {}{} ({})",
                a.body,
                german_date(a.date),
                if a.drucksache.trim().is_empty() { String::new() } else { format!(", {}", a.drucksache) },
                a.result.label()
            ),
            None => String::new(),
        },
        summary,
        lights,
        lights_chart: crate::charts::lights(&chart_rows).into(),
        cost_note: "Geplant sind die Beträge je Jahr, wie der Beschluss sie festhält; Ist ist, was \
                    in dieser Statusrunde gemeldet wurde. Nicht gemeldete Jahre bleiben leer (nicht 0); \
                    melden nicht alle Maßnahmen mit Plan für das Jahr, steht dabei, wie viele es sind."
            .into(),
        plan_actual: plan
            .iter()
            .map(|r| PlanRow {
                year: r.year.to_string(),
                planned: analysis::format_euro(r.planned_cents),
                actual: r.actual_label.clone(),
            })
            .collect(),
        planned_total: analysis::format_euro(planned_total),
        actual_total: actual_total.map(analysis::format_euro).unwrap_or_else(|| "–".into()),
        plan_actual_chart: crate::charts::plan_actual(
            &plan
                .iter()
                .map(|r| (r.year, r.planned_cents, r.actual_cents))
                .collect::<Vec<_>>(),
            Some(stichtag_year(&round.round)),
        )
        .into(),
        areas: groups
            .into_iter()
            .map(|((_, title), measures)| AreaRows { title, measures })
            .collect(),
        kpis_note: measured_until
            .map(|d| {
                format!(
                    "Messwerte bis zum Stichtag dieser Statusrunde ({}); später gemessene zeigt der Bericht einer folgenden Runde.",
                    german_date(Some(d))
                )
            })
            .unwrap_or_default(),
        kpis: v
            .kpis
            .iter()
            .map(|k| {
                let points: Vec<(NaiveDate, f64)> = k
                    .values
                    .iter()
                    .filter_map(|v| Some((v.date?, v.value?)))
                    .filter(|(date, _)| measured_until.is_none_or(|until| *date <= until))
                    .collect();
                let latest = points.last().copied();
                KpiRow {
                    name: k.kpi.name.clone(),
                    owner: k.owner.clone(),
                    start: kpi_value(k.kpi.baseline_value, &k.kpi.unit),
                    // A target changed since the decision the report names is printed beside
                    // the adopted one: judged against the lowered target alone, „Ziel erreicht“
                    // hid that the council had asked for more.
                    target: match adopted_target(baseline, &k.kpi) {
                        Some(adopted) => format!(
                            "{} (beschlossen: {adopted})",
                            target_text(k.kpi.target_value, k.kpi.target_date, &k.kpi.unit)
                        ),
                        None => target_text(k.kpi.target_value, k.kpi.target_date, &k.kpi.unit),
                    },
                    latest: match latest {
                        Some((date, value)) => format!(
                            "{} am {}",
                            kpi_value(Some(value), &k.kpi.unit),
                            german_date(Some(date))
                        ),
                        None => kpi_value(None, &k.kpi.unit),
                    },
                    verdict: kpi_verdict(&k.kpi, latest, measured_until.unwrap_or(today)),
                    chart: (!points.is_empty()).then(|| {
                        crate::charts::kpi_series(
                            &k.kpi.name,
                            &k.kpi.unit,
                            &points,
                            k.kpi.baseline_value,
                            k.kpi.target_value,
                        )
                        .into()
                    }),
                }
            })
            .collect(),
        deviations_note: if earlier_round {
            format!(
                "Die Spalte „jetzt“ zeigt den Plan am {}, nicht am Stichtag der Statusrunde.",
                german_date(Some(today))
            )
        } else {
            String::new()
        },
        deviations: plan_deviations
            .iter()
            .enumerate()
            .map(|(i, d)| DeviationRow {
                kind: match d.kind {
                    DeviationKind::New => "neu",
                    DeviationKind::Dropped => "entfallen",
                    DeviationKind::PeriodShifted => "Zeitraum verschoben",
                    DeviationKind::CostChanged => "Kosten geändert",
                }
                .into(),
                number: d.number.clone(),
                title: d.title.clone(),
                before: d.before.clone(),
                after: d.after.clone(),
                // A measure's reason once, under its last deviation.
                reason: match plan_deviations.get(i.saturating_add(1)) {
                    Some(next) if next.measure_id == d.measure_id => String::new(),
                    _ => reason_of(d.measure_id),
                },
            })
            .collect(),
        next_steps: round
            .entries
            .iter()
            .filter(|e| !e.entry.next_steps.trim().is_empty())
            .map(|e| StepRow {
                number: e.number.clone(),
                title: e.title.clone(),
                steps: e.entry.next_steps.clone(),
            })
            .collect(),
    })
}

/// A round's measures per traffic light as printed: „25 im Plan, 2 Verzug, 1 zurückgestellt,
/// 1 ohne Meldung“ (lights without measures left out).
pub fn light_parts(lights: &[LightCount], unreported: u32, deferred: u32) -> Vec<String> {
    let mut parts: Vec<String> = lights
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| format!("{} {}", c.count, c.light.label()))
        .collect();
    if deferred > 0 {
        parts.push(format!("{deferred} {DEFERRED}"));
    }
    if unreported > 0 {
        parts.push(format!("{unreported} {UNREPORTED}"));
    }
    parts
}

/// Why no Beschlussvorlage is written while the strategy is in force and no Fortschreibung is
/// drafted: it would put the adopted strategy to the vote again, under its own „Beschlossen vom
/// …“ line as its title.
fn vorlage_refusal(v: &ImplementationView) -> Option<String> {
    if v.stage != StrategyStage::InKraft {
        return None;
    }
    let since = newest_adopting(&v.adoptions)
        .and_then(|a| a.date)
        .map(|d| format!(" seit dem {}", german_date(Some(d))))
        .unwrap_or_default();
    Some(format!(
        "Die Strategie ist{since} in Kraft: Eine Beschlussvorlage gibt es für ihre Fortschreibung \
         (Umsetzung → „Fortschreibung beginnen“; ist sie schon begonnen, im Baustein 5 das \
         Wasserzeichen „ENTWURF“ wieder einschalten)."
    ))
}

/// What a Fortschreibung's Beschlussvorlage says of the strategy in force, which it replaces;
/// `None` unless a Fortschreibung is drafted. Refused while the strategy is in force without one
/// ([`vorlage_refusal`]).
pub(super) fn in_force_for_vorlage(
    file: &ProjectFile,
) -> Result<Option<crate::export::vorlage::StrategyInForce>> {
    let v = view(file)?;
    if let Some(refusal) = vorlage_refusal(&v) {
        return Err(Error::invalid(refusal));
    }
    if v.stage != StrategyStage::Fortschreibung {
        return Ok(None);
    }
    let Some(baseline) = v
        .in_force
        .and_then(|id| v.baselines.iter().find(|b| b.id == id))
    else {
        return Ok(None);
    };
    let decided = match v.adoptions.iter().find(|a| a.baseline_id == baseline.id) {
        Some(a) if !a.drucksache.trim().is_empty() => {
            format!("am {} ({})", german_date(a.date), a.drucksache.trim())
        }
        Some(a) => format!("am {}", german_date(a.date)),
        None => format!("am {}", german_date(baseline.frozen_on)),
    };
    let progress = v
        .round
        .as_ref()
        .filter(|r| r.round.baseline_id == Some(baseline.id))
        .map(|r| {
            format!(
                "Stand der Umsetzung in der {} (Stichtag {}): {}.",
                round_name(&r.round.label),
                german_date(r.round.date),
                match light_parts(&r.lights, r.unreported, r.deferred) {
                    parts if parts.is_empty() => "noch keine Meldungen".to_string(),
                    parts => parts.join(", "),
                }
            )
        });
    let measures_of = |kind: DeviationKind| {
        let mut ids: Vec<Uuid> = v
            .deviations
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.measure_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    let changes = [
        (DeviationKind::New, "neue Maßnahme", "neue Maßnahmen"),
        (
            DeviationKind::Dropped,
            "entfallene Maßnahme",
            "entfallene Maßnahmen",
        ),
        (
            DeviationKind::PeriodShifted,
            "Maßnahme mit verschobenem Zeitraum",
            "Maßnahmen mit verschobenem Zeitraum",
        ),
        (
            DeviationKind::CostChanged,
            "Maßnahme mit geänderten Kosten",
            "Maßnahmen mit geänderten Kosten",
        ),
    ]
    .into_iter()
    .map(|(kind, one, many)| (measures_of(kind), one, many))
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| analysis::count_of(n, one, many))
    .collect();
    Ok(Some(crate::export::vorlage::StrategyInForce {
        label: baseline.label.clone(),
        decided,
        progress,
        changes,
    }))
}

/// How many measures deviate from the baseline (a measure may deviate in several ways).
fn deviating_measures(deviations: &[Deviation]) -> usize {
    let mut ids: Vec<Uuid> = deviations.iter().map(|d| d.measure_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// Writes the Umsetzungsbericht of a round as PDF/A + PDF/UA.
fn write_report(
    file: &ProjectFile,
    path: &str,
    round_id: Option<Uuid>,
    date: Option<String>,
) -> Result<super::ReportResult> {
    let target = std::path::Path::new(path);
    super::target::check_target(
        file,
        target,
        "Der Umsetzungsbericht",
        super::target::FileKind::Pdf,
    )?;
    let today = match date {
        Some(text) => parse_date(&text)?,
        None => chrono::Local::now().date_naive(),
    };
    let content = report_content(file, round_id, today)?;
    let rendered = crate::report::render_implementation(&content, today, &content.municipality)?;
    crate::durable::write_atomically(target, &rendered.pdf)?;
    use sha2::Digest;
    Ok(super::ReportResult {
        path: path.to_string(),
        pages: rendered.pages,
        bytes: rendered.pdf.len(),
        sha256: format!("{:x}", sha2::Sha256::digest(&rendered.pdf)),
        warnings: rendered.warnings,
    })
}
