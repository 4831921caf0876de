//! Umsetzung – after the council's vote: the adoption (Beschluss) with the baseline it froze,
//! indicators (KPIs) with their measured values, and status rounds with one entry per measure.
//! A baseline is written once, by the adoption, and never changed (a Fortschreibung adds a new
//! one); everything else is edited like the Bausteine's rows.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{
    check_amount, check_date, check_period, check_range, check_required, choices, entity,
    EntityKind, MeasureStatus, YearAmount,
};
use crate::error::{Error, Result};

/// What the council decided on the strategy as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AdoptionResult {
    #[default]
    Beschlossen,
    MitAenderungen,
    Abgelehnt,
    Vertagt,
}

choices!(AdoptionResult {
    Beschlossen => "beschlossen",
    MitAenderungen => "mit Änderungen beschlossen",
    Abgelehnt => "abgelehnt",
    Vertagt => "vertagt",
});

/// What the council decided on one measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MeasureDecision {
    #[default]
    Beschlossen,
    Geaendert,
    Gestrichen,
    Zurueckgestellt,
}

impl MeasureDecision {
    /// The decision on a measure the council does not name: a measure the plan already puts back
    /// stays put back (a Fortschreibung adopted as a whole had counted the deferred
    /// Echtzeit-Fahrgastinformation as adopted, and its next round asked for its report).
    pub fn unnamed_for(status: MeasureStatus) -> Self {
        match status {
            MeasureStatus::Zurueckgestellt => MeasureDecision::Zurueckgestellt,
            _ => MeasureDecision::Beschlossen,
        }
    }
}

choices!(MeasureDecision {
    Beschlossen => "beschlossen",
    Geaendert => "geändert beschlossen",
    Gestrichen => "gestrichen",
    Zurueckgestellt => "zurückgestellt",
});

/// The council's decision (Beschluss) on a version of the strategy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Adoption {
    pub id: Uuid,
    /// Day of the council session.
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    /// Gremium, e.g. „Gemeinderat“.
    pub body: String,
    /// Drucksache / Vorlage number, e.g. „GR 2027/041“.
    pub drucksache: String,
    pub result: AdoptionResult,
    /// What the council changed.
    pub changes: String,
    /// The baseline this decision froze.
    pub baseline_id: Uuid,
}

entity!(
    Adoption,
    Adoption,
    |a| {
        check_required("Das Gremium des Beschlusses", &a.body)?;
        check_date("Das Datum des Beschlusses", a.date)
    },
    references | a | { vec![(EntityKind::Baseline, a.baseline_id)] }
);

/// An indicator of the adopted plan as it was adopted.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct BaselineKpi {
    pub kpi_id: Uuid,
    pub name: String,
    pub unit: String,
    pub target_value: Option<f64>,
    #[ts(type = "string | null")]
    pub target_date: Option<NaiveDate>,
}

/// A measure as the council adopted it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct BaselineMeasure {
    pub measure_id: Uuid,
    pub number: String,
    pub title: String,
    /// The Lebensbereich's title when adopted („Querschnitt“ without one).
    pub life_area: String,
    pub decision: MeasureDecision,
    pub start_quarter: Option<String>,
    pub end_quarter: Option<String>,
    /// The planned costs per calendar year (as the budget spread them when adopted).
    pub cost_by_year: Vec<YearAmount>,
    /// One-off and yearly costs without a period (in no year), part of the plan.
    #[ts(type = "number")]
    pub unplaced_cents: i64,
    /// No cost estimate when adopted (unknown, not 0).
    pub without_estimate: bool,
    pub kpis: Vec<BaselineKpi>,
}

/// The adopted plan, frozen: written once by the adoption, never changed (a Fortschreibung
/// freezes a new one and keeps this one readable).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Baseline {
    pub id: Uuid,
    /// 1 for the first adopted strategy, 2 after the first Fortschreibung …
    pub version: u32,
    /// „Digitalisierungsstrategie 2027“.
    pub label: String,
    #[ts(type = "string | null")]
    pub frozen_on: Option<NaiveDate>,
    pub measures: Vec<BaselineMeasure>,
    /// Goal indicators as adopted.
    pub goal_kpis: Vec<BaselineKpi>,
}

entity!(Baseline, Baseline, |b| {
    check_date("Das Datum der Ausgangsbasis", b.frozen_on)?;
    for m in &b.measures {
        check_period("Beginn", &m.start_quarter)?;
        check_period("Ende", &m.end_quarter)?;
        for a in &m.cost_by_year {
            check_amount("Ein geplanter Betrag", Some(a.cents))?;
        }
    }
    Ok(())
});

/// Whether a higher or a lower value of an indicator is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KpiDirection {
    #[default]
    HigherIsBetter,
    LowerIsBetter,
}

choices!(KpiDirection {
    HigherIsBetter => "höher ist besser",
    LowerIsBetter => "niedriger ist besser",
});

/// The largest value an indicator may take (either sign); more is a typo.
pub const MAX_KPI_VALUE: f64 = 1e12;

fn check_value(field: &str, value: Option<f64>) -> Result<()> {
    match value {
        Some(v) if !v.is_finite() || v.abs() > MAX_KPI_VALUE => Err(Error::invalid(format!(
            "{field} muss eine Zahl zwischen −1 Billion und 1 Billion sein."
        ))),
        _ => Ok(()),
    }
}

/// An indicator (Kennzahl) of a measure or a goal: unit, start value, target, direction.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Kpi {
    pub id: Uuid,
    /// The measure it belongs to (or a goal: `goal_id`).
    pub measure_id: Option<Uuid>,
    pub goal_id: Option<Uuid>,
    /// „Online beantragbare Leistungen“.
    pub name: String,
    /// „Anzahl“, „%“, „Tage“.
    pub unit: String,
    pub baseline_value: Option<f64>,
    #[ts(type = "string | null")]
    pub baseline_date: Option<NaiveDate>,
    pub target_value: Option<f64>,
    #[ts(type = "string | null")]
    pub target_date: Option<NaiveDate>,
    pub direction: KpiDirection,
}

entity!(
    Kpi,
    Kpi,
    |k| {
        check_required("Der Name der Kennzahl", &k.name)?;
        if k.measure_id.is_some() == k.goal_id.is_some() {
            return Err(Error::invalid(
                "Eine Kennzahl gehört entweder zu einer Maßnahme oder zu einem Ziel.",
            ));
        }
        check_value("Der Ausgangswert", k.baseline_value)?;
        check_value("Der Zielwert", k.target_value)?;
        check_date("Das Datum des Ausgangswerts", k.baseline_date)?;
        check_date("Das Zieldatum", k.target_date)
    },
    references | k | {
        let measure = k.measure_id.map(|id| (EntityKind::Measure, id));
        let goal = k.goal_id.map(|id| (EntityKind::Goal, id));
        measure.into_iter().chain(goal).collect()
    }
);

impl Kpi {
    /// The direction the indicator is judged by. Where start and target are both known and
    /// differ, they say it – a target below the start („Bearbeitungszeit 30 → 10 Tage“) is
    /// reached by going down – whatever was chosen (the window's form begins at „höher ist
    /// besser“, so 25 days had read „Ziel erreicht“); otherwise the chosen direction.
    pub fn judged_direction(&self) -> KpiDirection {
        self.implied_direction().unwrap_or(self.direction)
    }

    /// The direction start and target say, when both are known and differ.
    pub fn implied_direction(&self) -> Option<KpiDirection> {
        match (self.baseline_value, self.target_value) {
            (Some(start), Some(target)) if target < start => Some(KpiDirection::LowerIsBetter),
            (Some(start), Some(target)) if target > start => Some(KpiDirection::HigherIsBetter),
            _ => None,
        }
    }

    /// Whether `value` reaches the target in the judged direction; `None` without a target.
    pub fn reaches_target(&self, value: f64) -> Option<bool> {
        let target = self.target_value?;
        Some(match self.judged_direction() {
            KpiDirection::HigherIsBetter => value >= target,
            KpiDirection::LowerIsBetter => value <= target,
        })
    }

    /// Where the indicator stands on the day `on` with its newest value `latest` (measured on
    /// that date); `None` without value or target.
    pub fn standing(&self, latest: Option<(NaiveDate, f64)>, on: NaiveDate) -> Option<KpiStanding> {
        let (measured, value) = latest?;
        Some(match (self.reaches_target(value)?, self.target_date) {
            (true, _) => KpiStanding::Reached,
            (false, Some(due)) if measured >= due => KpiStanding::Missed(due),
            (false, Some(due)) if on > due => KpiStanding::DueUnmeasured(due),
            (false, _) => KpiStanding::Open,
        })
    }
}

/// Where an indicator stands against its target ([`Kpi::standing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", content = "due", rename_all = "snake_case")]
#[ts(export)]
pub enum KpiStanding {
    Reached,
    /// Not reached yet, its target date still ahead (or none).
    Open,
    /// A value measured on or after the target date falls short.
    Missed(#[ts(type = "string")] NaiveDate),
    /// The target date has gone by and no value has been measured since: whether it was reached
    /// is not known, and the last value is not „noch nicht erreicht“ with time left.
    DueUnmeasured(#[ts(type = "string")] NaiveDate),
}

impl StatusRound {
    /// Whether a round's label says „Statusrunde“ itself („Statusrunde 1. Halbjahr 2028“) or is
    /// its period alone („1. Halbjahr 2028“), which the app names „Statusrunde …“.
    pub fn label_names_itself(label: &str) -> bool {
        label.trim().to_lowercase().starts_with("statusrunde")
    }
}

/// One measured value of an indicator.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct KpiValue {
    pub id: Uuid,
    pub kpi_id: Uuid,
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    pub value: Option<f64>,
    pub note: String,
}

entity!(
    KpiValue,
    KpiValue,
    |v| {
        if v.date.is_none() {
            return Err(Error::invalid("Ein Messwert braucht ein Datum."));
        }
        if v.value.is_none() {
            return Err(Error::invalid("Ein Messwert braucht einen Wert."));
        }
        check_date("Das Datum des Messwerts", v.date)?;
        check_value("Der Messwert", v.value)
    },
    references | v | { vec![(EntityKind::Kpi, v.kpi_id)] }
);

/// A status round (e.g. every half year): one dated record; its entries are the measures'
/// status at that date.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct StatusRound {
    pub id: Uuid,
    /// „Statusrunde 1. Halbjahr 2028“.
    pub label: String,
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    /// The baseline the round compares with.
    pub baseline_id: Option<Uuid>,
}

entity!(
    StatusRound,
    StatusRound,
    |r| {
        check_required("Die Bezeichnung der Statusrunde", &r.label)?;
        if r.date.is_none() {
            return Err(Error::invalid("Eine Statusrunde braucht ein Datum."));
        }
        check_date("Das Datum der Statusrunde", r.date)
    },
    references | r | {
        r.baseline_id
            .map(|id| (EntityKind::Baseline, id))
            .into_iter()
            .collect()
    }
);

/// Where a measure stands (Ampel).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrafficLight {
    ImPlan,
    Verzug,
    Gefaehrdet,
    Abgeschlossen,
    Gestoppt,
}

choices!(TrafficLight {
    ImPlan => "im Plan",
    Verzug => "Verzug",
    Gefaehrdet => "gefährdet",
    Abgeschlossen => "abgeschlossen",
    Gestoppt => "gestoppt",
});

/// The status of one measure in one round.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct StatusEntry {
    pub id: Uuid,
    pub round_id: Uuid,
    pub measure_id: Uuid,
    /// 0–100 %; `None` until reported.
    pub progress: Option<u8>,
    pub light: Option<TrafficLight>,
    /// Why (required for Verzug, gefährdet, gestoppt).
    pub reason: String,
    /// Actual costs per calendar year so far.
    pub actual_costs: Vec<YearAmount>,
    pub next_steps: String,
    /// Who reports (personal data: blanked in a copy without personal data).
    pub responsible: String,
}

impl StatusEntry {
    /// Fields that are personal data (like a stakeholder's name).
    pub const PERSONAL_FIELDS: [&'static str; 1] = ["responsible"];
}

impl StatusEntry {
    /// Whether anything of a status is reported: a light, a progress or costs.
    pub fn has_status(&self) -> bool {
        self.light.is_some() || self.progress.is_some() || !self.actual_costs.is_empty()
    }

    /// A status that stays as it is: the measure is completed or stopped.
    pub fn is_closed(&self) -> bool {
        matches!(
            self.light,
            Some(TrafficLight::Abgeschlossen | TrafficLight::Gestoppt)
        )
    }

    /// The same status as `other`, whatever row, round and measure each belongs to. (Destructured,
    /// so a new field must be placed on one side or the other.)
    pub fn same_status(&self, other: &StatusEntry) -> bool {
        let StatusEntry {
            id: _,
            round_id: _,
            measure_id: _,
            progress,
            light,
            reason,
            actual_costs,
            next_steps,
            responsible,
        } = self;
        *progress == other.progress
            && *light == other.light
            && *reason == other.reason
            && *actual_costs == other.actual_costs
            && *next_steps == other.next_steps
            && *responsible == other.responsible
    }
}

entity!(
    StatusEntry,
    StatusEntry,
    |e| {
        check_range("Der Fortschritt (%)", e.progress, 0, 100)?;
        if matches!(
            e.light,
            Some(TrafficLight::Verzug | TrafficLight::Gefaehrdet | TrafficLight::Gestoppt)
        ) && e.reason.trim().is_empty()
        {
            return Err(Error::invalid(
                "Bei Verzug, gefährdet oder gestoppt bitte einen Grund angeben.",
            ));
        }
        let mut years: Vec<i32> = e.actual_costs.iter().map(|a| a.year).collect();
        years.sort_unstable();
        if years.windows(2).any(|w| w[0] == w[1]) {
            return Err(Error::invalid(
                "Jedes Jahr der Ist-Kosten darf nur einmal vorkommen.",
            ));
        }
        for a in &e.actual_costs {
            super::check_year("Das Jahr der Ist-Kosten", Some(a.year))?;
            check_amount("Der Betrag der Ist-Kosten", Some(a.cents))?;
        }
        Ok(())
    },
    references | e | {
        vec![
            (EntityKind::StatusRound, e.round_id),
            (EntityKind::Measure, e.measure_id),
        ]
    }
);
