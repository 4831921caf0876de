//! Baustein 4 – Entwicklung der Projekte und Maßnahmen: the idea pool from workshops and the
//! measures with their full profile (Maßnahmen-Steckbrief).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{
    check_count, check_period, check_range, check_required, choices, entity, parse_period,
    EntityKind, Priority, MAX_VOTES,
};
use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum IdeaStatus {
    #[default]
    Neu,
    Geprueft,
    Uebernommen,
    Zusammengefasst,
    Verworfen,
}

choices!(IdeaStatus {
    Neu => "neu",
    Geprueft => "geprüft",
    Uebernommen => "übernommen",
    Zusammengefasst => "zusammengefasst",
    Verworfen => "verworfen",
});

/// An idea card from a workshop.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Idea {
    pub id: Uuid,
    pub text: String,
    pub life_area_id: Option<Uuid>,
    pub event_id: Option<Uuid>,
    pub votes: u32,
    pub status: IdeaStatus,
    /// The measure this idea was promoted to.
    pub measure_id: Option<Uuid>,
}

impl Idea {
    /// The most characters of a title made from an idea.
    pub const TITLE_CHARS: usize = 120;

    /// The title of the measure made from this idea: its text on one line, cut after a whole
    /// word with „…“ when longer than [`Idea::TITLE_CHARS`] (the description keeps it whole).
    pub fn measure_title(&self) -> String {
        let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() <= Self::TITLE_CHARS {
            return text;
        }
        let room: String = text
            .chars()
            .take(Self::TITLE_CHARS.saturating_sub(1))
            .collect();
        let cut = match room.rfind(' ') {
            Some(space) if space > room.len() / 2 => room.get(..space).unwrap_or(&room),
            _ => &room,
        };
        format!("{}…", cut.trim_end_matches([',', ';', ':', '-', '–']))
    }
}

entity!(
    Idea,
    Idea,
    |i| {
        check_required("Der Text der Idee", &i.text)?;
        check_count("Die Zahl der Stimmen", Some(i.votes), MAX_VOTES)
    },
    references | i | {
        let area = i.life_area_id.map(|id| (EntityKind::LifeArea, id));
        let event = i.event_id.map(|id| (EntityKind::Event, id));
        let measure = i.measure_id.map(|id| (EntityKind::Measure, id));
        area.into_iter().chain(event).chain(measure).collect()
    }
);

/// The order of measure numbers: „M-03-10“ after „M-03-9“ (area, then running number; an
/// unreadable part last).
pub fn number_key(number: &str) -> (u32, u32, String) {
    let mut parts = number
        .split('-')
        .skip(1)
        .map(|p| p.parse::<u32>().unwrap_or(u32::MAX));
    (
        parts.next().unwrap_or(u32::MAX),
        parts.next().unwrap_or(u32::MAX),
        number.to_string(),
    )
}

/// Dot-vote total for one measure at one event (counted dots or the room's phones): counts, not
/// people — like [`super::LifeAreaVote`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct MeasureVote {
    pub id: Uuid,
    pub measure_id: Uuid,
    pub event_id: Uuid,
    pub votes: u32,
}

entity!(
    MeasureVote,
    MeasureVote,
    |v| { check_count("Die Zahl der Stimmen", Some(v.votes), MAX_VOTES) },
    references | v | {
        vec![
            (EntityKind::Measure, v.measure_id),
            (EntityKind::Event, v.event_id),
        ]
    }
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MeasureStatus {
    #[default]
    Geplant,
    InUmsetzung,
    Umgesetzt,
    Zurueckgestellt,
}

choices!(MeasureStatus {
    Geplant => "geplant",
    InUmsetzung => "in Umsetzung",
    Umgesetzt => "umgesetzt",
    Zurueckgestellt => "zurückgestellt",
});

/// A measure with its Steckbrief. Money is in euro cents; quarters are written "2027-Q2".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Measure {
    pub id: Uuid,
    /// Assigned by the core, e.g. "M-03-02" (area LB03, second measure); "M-00-…" is Querschnitt.
    pub number: String,
    pub title: String,
    /// `None` for a Querschnittsmaßnahme without area (same as the "Q" area).
    pub life_area_id: Option<Uuid>,
    pub description: String,
    /// Ziel und erwartete Wirkung.
    pub goal: String,
    /// Federführung in the administration.
    pub lead: String,
    /// Beteiligte.
    pub parties: String,
    pub priority: Option<Priority>,
    /// Aufwand 1 (gering) … 5 (sehr hoch).
    pub effort: Option<u8>,
    /// Nutzen 1 (gering) … 5 (sehr hoch).
    pub benefit: Option<u8>,
    /// Beginn: "2027-Q2", "2027-H1" or "2027"; `None` with an end = open start ("bis …").
    pub start_quarter: Option<String>,
    /// Ende in the same forms; `None` with a start = open end ("ab …").
    pub end_quarter: Option<String>,
    /// One-off costs (in the start year); `None` = not estimated yet (never printed as 0 €).
    #[ts(type = "number | null")]
    pub cost_once_cents: Option<i64>,
    /// Running costs per year (start to end year); `None` = not estimated yet.
    #[ts(type = "number | null")]
    pub cost_yearly_cents: Option<i64>,
    /// Amounts planned per calendar year, as a municipal budget plans them (e.g. 40.000 € in
    /// 2027, then 5.000 € a year). When given, they are the measure's costs: one-off and yearly
    /// costs stay empty.
    pub cost_by_year: Vec<YearAmount>,
    pub funding_programme: String,
    /// Funding rate in percent (0–100).
    pub funding_rate: Option<u8>,
    /// Ids of measures this one depends on.
    pub dependencies: Vec<Uuid>,
    /// Messbare Indikatoren, one per line.
    pub kpis: String,
    pub status: MeasureStatus,
    pub quick_win: bool,
}

impl Measure {
    /// Writes typed periods („Q4/2027“, „4. Quartal 2027“) in the stored form („2027-Q4“), so
    /// every copy holds the same text for the same period; text that is no period is left for
    /// `validate` to refuse with its message.
    pub fn normalize_periods(&mut self) {
        for field in [&mut self.start_quarter, &mut self.end_quarter] {
            if let Some(point) = field.as_deref().and_then(parse_period) {
                *field = Some(point.code());
            } else if field.as_deref().is_some_and(|t| t.trim().is_empty()) {
                *field = None;
            }
        }
    }

    /// All Steckbrief fields filled: what `measures_complete` counts and Baustein 4 progress uses.
    pub fn is_complete(&self) -> bool {
        self.missing().is_empty()
    }

    /// The Steckbrief fields still empty (stored names, in the Steckbrief's order): the one rule
    /// behind `is_complete` and the Steckbrief's „Es fehlt noch“.
    pub fn missing(&self) -> Vec<&'static str> {
        let filled = |s: &str| !s.trim().is_empty();
        [
            ("title", filled(&self.title)),
            ("description", filled(&self.description)),
            ("goal", filled(&self.goal)),
            ("lead", filled(&self.lead)),
            ("parties", filled(&self.parties)),
            ("priority", self.priority.is_some()),
            ("effort", self.effort.is_some()),
            ("benefit", self.benefit.is_some()),
            ("start_quarter", self.start_quarter.is_some()),
            ("end_quarter", self.end_quarter.is_some()),
            ("funding_programme", filled(&self.funding_programme)),
            // Empty is unknown, and the budget then prints the funding as open: 0 % for own
            // funds is an answer.
            ("funding_rate", self.funding_rate.is_some()),
            ("costs", self.has_cost_estimate()),
            ("kpis", filled(&self.kpis)),
        ]
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(name, _)| name)
        .collect()
    }

    /// Orders measure numbers naturally ("M-01-99" before "M-01-100"), as chapters, tables
    /// and the window list them.
    pub fn number_key(&self) -> (u32, u32, String) {
        number_key(&self.number)
    }

    /// Whether any cost figure was entered (0 € entered counts; nothing entered does not).
    pub fn has_cost_estimate(&self) -> bool {
        self.cost_once_cents.is_some()
            || self.cost_yearly_cents.is_some()
            || !self.cost_by_year.is_empty()
    }
}

/// The longest a measure may run, in years from its start year to its end year: a strategy
/// plans for five to ten years; a longer span is a typo („2072“ for „2027“).
pub const MAX_MEASURE_YEARS: i32 = 20;

/// The largest amount a field may hold: 10 Mrd. € (in cents). Sums of bounded amounts are
/// computed with checked arithmetic all the same.
pub const MAX_AMOUNT_CENTS: i64 = 1_000_000_000_000;

/// An amount planned for one calendar year.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct YearAmount {
    pub year: i32,
    #[ts(type = "number")]
    pub cents: i64,
}

/// Fails with a German message when an amount is negative or above [`MAX_AMOUNT_CENTS`].
pub(crate) fn check_amount(field: &str, cents: Option<i64>) -> crate::error::Result<()> {
    match cents {
        Some(c) if c < 0 => Err(Error::invalid(format!("{field} darf nicht negativ sein."))),
        Some(c) if c > MAX_AMOUNT_CENTS => Err(Error::invalid(format!(
            "{field} ist zu groß (höchstens 10 Mrd. €)."
        ))),
        _ => Ok(()),
    }
}

entity!(
    Measure,
    Measure,
    |m| {
        check_required("Der Titel der Maßnahme", &m.title)?;
        check_range("Der Aufwand", m.effort, 1, 5)?;
        check_range("Der Nutzen", m.benefit, 1, 5)?;
        check_range("Die Förderquote", m.funding_rate, 0, 100)?;
        check_period("Der Beginn", &m.start_quarter)?;
        check_period("Das Ende", &m.end_quarter)?;
        if let (Some(s), Some(e)) = (
            m.start_quarter.as_deref().and_then(parse_period),
            m.end_quarter.as_deref().and_then(parse_period),
        ) {
            if e.end_index() < s.start_index() {
                return Err(Error::invalid("Das Ende liegt vor dem Beginn."));
            }
            // „2072“ for „2027“: 46 rows of yearly costs in every budget table and a roadmap
            // squeezed to its first years.
            let span = e.year.saturating_sub(s.year);
            if span > MAX_MEASURE_YEARS {
                return Err(Error::invalid(format!(
                    "Beginn {} und Ende {} liegen {span} Jahre auseinander; eine Maßnahme der \
                     Strategie läuft höchstens {MAX_MEASURE_YEARS} Jahre. Bitte das Ende prüfen.",
                    s.year, e.year
                )));
            }
        }
        check_amount("Der Betrag der einmaligen Kosten", m.cost_once_cents)?;
        check_amount("Der Betrag der laufenden Kosten", m.cost_yearly_cents)?;
        let mut years = std::collections::BTreeSet::new();
        for a in &m.cost_by_year {
            if !(1990..=2200).contains(&a.year) {
                return Err(Error::invalid(format!(
                    "Das Jahr eines Betrags muss zwischen 1990 und 2200 liegen (angegeben: {}).",
                    a.year
                )));
            }
            if !years.insert(a.year) {
                return Err(Error::invalid(format!(
                    "Für das Jahr {} ist mehr als ein Betrag angegeben.",
                    a.year
                )));
            }
            check_amount(&format!("Der Betrag für {}", a.year), Some(a.cents))?;
        }
        if !m.cost_by_year.is_empty()
            && (m.cost_once_cents.is_some() || m.cost_yearly_cents.is_some())
        {
            return Err(Error::invalid(
            "Bitte entweder Beträge je Jahr oder einmalige und laufende Kosten angeben, nicht beides.",
        ));
        }
        if m.dependencies.contains(&m.id) && !m.id.is_nil() {
            return Err(Error::invalid(
                "Eine Maßnahme kann nicht von sich selbst abhängen.",
            ));
        }
        Ok(())
    },
    references | m | {
        let area = m.life_area_id.map(|id| (EntityKind::LifeArea, id));
        let dependencies = m.dependencies.iter().map(|id| (EntityKind::Measure, *id));
        area.into_iter().chain(dependencies).collect()
    }
);
