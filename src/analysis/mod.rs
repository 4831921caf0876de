//! Pure computations on the model: maturity scores, gaps, measure priorities, budgets per year,
//! progress per Baustein. No I/O; the UI and the report show these numbers, never recompute them.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::{parse_period, CheckAnswer, CheckDimension, CheckItem, Measure, Priority};

/// IST and SOLL score of one check dimension, 0–100 (mean of answered levels × 20).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DimensionScore {
    pub dimension_id: Uuid,
    pub key: String,
    pub title: String,
    pub ist: Option<f64>,
    pub soll: Option<f64>,
    pub answered: usize,
    pub items: usize,
    /// Answers with an IST level, and with a SOLL level.
    pub ist_count: usize,
    pub soll_count: usize,
    /// Answers with both.
    pub paired_count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CheckScores {
    pub dimensions: Vec<DimensionScore>,
    /// Mean of the scored dimensions' IST scores.
    pub overall_ist: Option<f64>,
    pub overall_soll: Option<f64>,
    pub answered: usize,
    pub items: usize,
    /// Answers with an IST level, and with a SOLL level: the two indices rest on these. When
    /// they differ, IST and SOLL are not compared as if they measured the same questions.
    pub ist_count: usize,
    pub soll_count: usize,
    /// Answers with both an IST and a SOLL: one question with only an IST and another with only
    /// a SOLL have equal counts, and still no common base (see [`CheckScores::same_base`]).
    pub paired_count: usize,
}

impl CheckScores {
    /// IST and SOLL rest on the same answers (every answer with one has the other): only then
    /// is the SOLL a target set against today's IST.
    pub fn same_base(&self) -> bool {
        self.ist_count == self.paired_count && self.soll_count == self.paired_count
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let values: Vec<f64> = values.collect();
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Rounds to one decimal so that scores compare and print stably.
fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

pub fn check_scores(
    dimensions: &[CheckDimension],
    items: &[CheckItem],
    answers: &[CheckAnswer],
) -> CheckScores {
    let by_item: HashMap<Uuid, &CheckAnswer> = answers.iter().map(|a| (a.item_id, a)).collect();
    let mut dims: Vec<&CheckDimension> = dimensions.iter().filter(|d| d.scored).collect();
    dims.sort_by_key(|d| (d.order, d.key.clone()));
    let scores: Vec<DimensionScore> = dims
        .into_iter()
        .map(|d| {
            let dim_items: Vec<&CheckItem> =
                items.iter().filter(|i| i.dimension_id == d.id).collect();
            let dim_answers: Vec<&CheckAnswer> = dim_items
                .iter()
                .filter_map(|i| by_item.get(&i.id).copied())
                .collect();
            DimensionScore {
                dimension_id: d.id,
                key: d.key.clone(),
                title: d.title.clone(),
                ist: mean(dim_answers.iter().filter_map(|a| a.ist).map(f64::from))
                    .map(|m| round1(m * 20.0)),
                soll: mean(dim_answers.iter().filter_map(|a| a.soll).map(f64::from))
                    .map(|m| round1(m * 20.0)),
                answered: dim_answers.iter().filter(|a| a.is_answered()).count(),
                items: dim_items.len(),
                ist_count: dim_answers.iter().filter(|a| a.ist.is_some()).count(),
                soll_count: dim_answers.iter().filter(|a| a.soll.is_some()).count(),
                paired_count: dim_answers
                    .iter()
                    .filter(|a| a.ist.is_some() && a.soll.is_some())
                    .count(),
            }
        })
        .collect();
    CheckScores {
        overall_ist: mean(scores.iter().filter_map(|s| s.ist)).map(round1),
        overall_soll: mean(scores.iter().filter_map(|s| s.soll)).map(round1),
        answered: scores.iter().map(|s| s.answered).sum(),
        items: scores.iter().map(|s| s.items).sum(),
        ist_count: scores.iter().map(|s| s.ist_count).sum(),
        soll_count: scores.iter().map(|s| s.soll_count).sum(),
        paired_count: scores.iter().map(|s| s.paired_count).sum(),
        dimensions: scores,
    }
}

/// A check item where the target lies above today's level.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Gap {
    pub item_id: Uuid,
    pub key: String,
    pub question: String,
    pub ist: u8,
    pub soll: u8,
    pub gap: u8,
    pub priority: Option<Priority>,
}

/// Items with SOLL > IST, largest gap first, then by priority and key.
pub fn gaps(items: &[CheckItem], answers: &[CheckAnswer]) -> Vec<Gap> {
    let by_item: HashMap<Uuid, &CheckItem> = items.iter().map(|i| (i.id, i)).collect();
    let mut out: Vec<Gap> = answers
        .iter()
        .filter_map(|a| {
            let item = by_item.get(&a.item_id)?;
            let (ist, soll) = (a.ist?, a.soll?);
            (soll > ist).then(|| Gap {
                item_id: item.id,
                key: item.key.clone(),
                question: item.question.clone(),
                ist,
                soll,
                gap: soll.saturating_sub(ist),
                priority: a.priority,
            })
        })
        .collect();
    let rank = |p: Option<Priority>| match p {
        Some(Priority::Hoch) => 0,
        Some(Priority::Mittel) => 1,
        Some(Priority::Niedrig) => 2,
        None => 3,
    };
    out.sort_by(|a, b| {
        b.gap
            .cmp(&a.gap)
            .then(rank(a.priority).cmp(&rank(b.priority)))
            .then(a.key.cmp(&b.key))
    });
    out
}

/// Priority score 0–100 of a measure: benefit counts 50 %, low effort 30 %, the set priority
/// 20 % (none set counts as "mittel"); a quick win adds 10 (capped at 100). `None` until effort
/// and benefit are assessed: an unassessed measure has no score, not a middling one.
pub fn measure_priority_score(m: &Measure) -> Option<u8> {
    let benefit = (f64::from(m.benefit?.clamp(1, 5)) - 1.0) / 4.0;
    let ease = (5.0 - f64::from(m.effort?.clamp(1, 5))) / 4.0;
    let prio = match m.priority {
        Some(Priority::Hoch) => 1.0,
        Some(Priority::Mittel) | None => 0.5,
        Some(Priority::Niedrig) => 0.0,
    };
    let mut score = 100.0 * (0.5 * benefit + 0.3 * ease + 0.2 * prio);
    if m.quick_win {
        score += 10.0;
    }
    Some(round_half_up(score).clamp(0.0, 100.0) as u8)
}

/// A number with `decimals` places, rounded half up, with a German decimal comma ("12,8").
pub fn format_decimal(value: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    let rounded = round_half_up(value * scale) / scale;
    format!("{rounded:.decimals$}").replace('.', ",")
}

/// Rounds half up (DIN 1333 for positive numbers: 92,5 → 93), robust against binary
/// representation (92.49999999 from 0.925 × 100 rounds to 93 as well).
pub fn round_half_up(value: f64) -> f64 {
    (value + 0.5 + 1e-9).floor()
}

/// Costs and funding of all measures in one calendar year, in euro cents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct YearBudget {
    /// The calendar year; 0 in the sum row.
    pub year: i32,
    #[ts(type = "number")]
    pub once_cents: i64,
    #[ts(type = "number")]
    pub yearly_cents: i64,
    /// Amounts the measures plan for this very year ([`Measure::cost_by_year`]).
    #[ts(type = "number")]
    pub planned_cents: i64,
    #[ts(type = "number")]
    pub total_cents: i64,
    #[ts(type = "number")]
    pub funding_cents: i64,
    /// Eigenanteil: what the funding leaves to the municipality (`total` − `funding`) — the one
    /// place it is computed; the window's and the report's budget tables print it.
    #[ts(type = "number")]
    pub own_share_cents: i64,
    /// Costs of this year whose measures name no funding rate: their funding is open (an empty
    /// rate is unknown, not 0 %), so `funding` is a lower and `own_share` an upper bound.
    #[ts(type = "number")]
    pub funding_open_cents: i64,
    /// The funding as every table prints it: „750.000 €“, „mind. 750.000 €“ or „offen“.
    pub funding_label: String,
    /// The Eigenanteil as every table prints it: „510.000 €“, or „bis zu 510.000 €“ while some
    /// of the year's funding is open.
    pub own_share_label: String,
}

impl YearBudget {
    fn with_labels(mut self) -> Self {
        let open = self.funding_open_cents > 0;
        self.funding_label = match (open, self.funding_cents) {
            (false, f) => format_euro(f),
            (true, 0) => "offen".into(),
            (true, f) => format!("mind. {}", format_euro(f)),
        };
        self.own_share_label = if open {
            format!("bis zu {}", format_euro(self.own_share_cents))
        } else {
            format_euro(self.own_share_cents)
        };
        self
    }
}

/// The measures' costs spread over the calendar years, and what could not be placed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Budget {
    pub years: Vec<YearBudget>,
    /// The sum of all years (`year` = 0).
    pub total: YearBudget,
    /// Measures without any cost estimate: their costs are open, not zero.
    pub without_estimate: u32,
    /// Numbers of measures with one-off or yearly costs but no start: in no year, named apart.
    pub without_period: Vec<String>,
    /// Their one-off plus one year of yearly costs (part of the estimate, in no year).
    #[ts(type = "number")]
    pub unplaced_cents: i64,
    /// Numbers of measures with yearly costs but no end: counted in their start year only.
    pub yearly_without_end: Vec<String>,
    /// Whether any measure plans amounts per year (the table shows that column then).
    pub has_planned: bool,
    /// Numbers of measures with costs in the table but no funding rate: their funding is open.
    pub funding_open: Vec<String>,
    /// The sentences under every budget table (report, Word, Beschlussvorlage, workbook,
    /// window), each saying what the sums leave out or leave open: measures without an
    /// estimate, running costs without an end, costs without a period, one kind of cost open
    /// („laufend 0 €“ is not „no running costs“), funding rates not given. Written once here,
    /// so no document forgets one.
    pub notes: Vec<String>,
}

impl Budget {
    /// Everything estimated: the sum of all years plus the costs that lack a period.
    pub fn estimated_total(&self) -> Result<i64> {
        add_cents(self.total.total_cents, self.unplaced_cents)
    }

    /// The sum row of the years from `first` on (a Fortschreibung's Vorlage leaves out the
    /// years gone by).
    pub fn total_from(&self, first: i32) -> Result<YearBudget> {
        sum_of_years(self.years.iter().filter(|y| y.year >= first))
    }
}

/// The sum row (`year` = 0) of `years`, with its labels; every sum checked.
fn sum_of_years<'a>(years: impl IntoIterator<Item = &'a YearBudget>) -> Result<YearBudget> {
    let mut total = YearBudget::default();
    for y in years {
        total.once_cents = add_cents(total.once_cents, y.once_cents)?;
        total.yearly_cents = add_cents(total.yearly_cents, y.yearly_cents)?;
        total.planned_cents = add_cents(total.planned_cents, y.planned_cents)?;
        total.total_cents = add_cents(total.total_cents, y.total_cents)?;
        total.funding_cents = add_cents(total.funding_cents, y.funding_cents)?;
        total.own_share_cents = add_cents(total.own_share_cents, y.own_share_cents)?;
        total.funding_open_cents = add_cents(total.funding_open_cents, y.funding_open_cents)?;
    }
    Ok(total.with_labels())
}

/// Measure numbers for a note: the first eight, then „und 12 weitere“.
fn named_numbers(numbers: &[String]) -> String {
    const NAMED: usize = 8;
    let n = numbers.len();
    let mut names = numbers
        .iter()
        .take(NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if n > NAMED {
        names.push_str(&format!(
            " und {} weitere",
            format_thousands(n.saturating_sub(NAMED) as i64)
        ));
    }
    names
}

/// The note on measures without any cost estimate, one of [`Budget::notes`].
fn without_estimate_note(n: u32) -> Option<String> {
    (n > 0).then(|| {
        format!(
            "Für {} liegt noch keine Kostenschätzung vor; sie {} in den Beträgen nicht enthalten.",
            count_of(n as usize, "Maßnahme", "Maßnahmen"),
            if n == 1 { "ist" } else { "sind" }
        )
    })
}

/// The note on measures whose yearly or whose one-off costs are open, one of [`Budget::notes`].
fn part_open_note(yearly_open: &[String], once_open: &[String]) -> Option<String> {
    let n = yearly_open.len().saturating_add(once_open.len());
    if n == 0 {
        return None;
    }
    let parts: Vec<String> = [
        (yearly_open, "laufende Kosten"),
        (once_open, "einmalige Kosten"),
    ]
    .into_iter()
    .filter(|(numbers, _)| !numbers.is_empty())
    .map(|(numbers, what)| format!("{what} bei {}", named_numbers(numbers)))
    .collect();
    Some(format!(
        "Bei {} ist ein Teil der Kosten noch offen und in den Beträgen nicht enthalten: {}. \
         Sind solche Kosten nicht vorgesehen, steht im Steckbrief 0 €.",
        count_of(n, "Maßnahme", "Maßnahmen"),
        parts.join("; ")
    ))
}

/// The note on measures without a funding rate, one of [`Budget::notes`].
fn funding_open_note(numbers: &[String]) -> Option<String> {
    let n = numbers.len();
    if n == 0 {
        return None;
    }
    let names = named_numbers(numbers);
    Some(format!(
        "Für {} ist noch keine Förderquote angegeben ({names}): {} Förderung ist offen, der \
         Eigenanteil deshalb ein Höchstwert. Bei reinen Eigenmitteln ist die Förderquote 0 %.",
        count_of(n, "Maßnahme mit Kosten", "Maßnahmen mit Kosten"),
        if n == 1 { "ihre" } else { "deren" }
    ))
}

/// "1 Maßnahme" / "1.500 Maßnahmen": a count with its noun in German singular or plural.
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", format_thousands(n as i64))
    }
}

/// The participation in one sentence, with `subject` as its grammatical subject
/// ("Er umfasste 4 Veranstaltungen mit insgesamt 120 Teilnehmenden."); partial counts are said
/// as partial, events without a count never add up to 0.
pub fn participation_sentence(subject: &str, events: &[crate::model::Event]) -> String {
    let counted: Vec<u32> = events.iter().filter_map(|e| e.participants).collect();
    let people: i64 = counted.iter().map(|&n| i64::from(n)).sum();
    let held = |n| count_of(n, "Veranstaltung", "Veranstaltungen");
    match (counted.len(), events.len()) {
        (_, 0) => "Veranstaltungen sind noch nicht erfasst.".to_string(),
        (0, n) => format!(
            "{subject} umfasste {}; die Zahl der Teilnehmenden wurde nicht erfasst.",
            held(n)
        ),
        (k, n) if k == n => format!(
            "{subject} umfasste {} mit insgesamt {} Teilnehmenden.",
            held(n),
            format_thousands(people)
        ),
        (k, n) => format!(
            "{subject} umfasste {} mit mindestens {} Teilnehmenden (gezählt in {k} von {n}).",
            held(n),
            format_thousands(people)
        ),
    }
}

/// `a + b` for money; an overflow is an error, never a wrapped or capped number.
pub fn add_cents(a: i64, b: i64) -> Result<i64> {
    a.checked_add(b)
        .ok_or_else(|| Error::invalid("Die Summe der Beträge ist zu groß, um sie zu berechnen."))
}

/// The sum of the known amounts, checked.
pub fn sum_cents(amounts: impl IntoIterator<Item = Option<i64>>) -> Result<i64> {
    amounts.into_iter().flatten().try_fold(0i64, add_cents)
}

/// The sum of the known amounts, checked; `None` when no amount is known (unknown, not 0 €).
pub fn known_sum(amounts: impl IntoIterator<Item = Option<i64>> + Clone) -> Result<Option<i64>> {
    if amounts.clone().into_iter().all(|a| a.is_none()) {
        return Ok(None);
    }
    sum_cents(amounts).map(Some)
}

/// `percent` % of `cents`, rounded half up to whole cents.
fn funding_share(cents: i64, percent: u8) -> Result<i64> {
    let p = i128::from(percent.min(100));
    let too_large = || Error::invalid("Ein Förderbetrag ist zu groß.");
    let v = i128::from(cents)
        .checked_mul(p)
        .and_then(|v| v.checked_add(50))
        .ok_or_else(too_large)?
        .div_euclid(100);
    i64::try_from(v).map_err(|_| too_large())
}

/// Spreads the costs: one-off costs fall into the start year; yearly costs into every year from
/// start to end (the start year alone when no end is set); amounts per year into their year.
/// Funding is the measure's rate of each year's costs. All sums are checked.
pub fn budget(measures: &[Measure]) -> Result<Budget> {
    let mut years: BTreeMap<i32, YearBudget> = BTreeMap::new();
    let mut out = Budget::default();
    let (mut yearly_open, mut once_open) = (Vec::new(), Vec::new());
    for m in measures {
        if !m.has_cost_estimate() {
            out.without_estimate = out.without_estimate.saturating_add(1);
            continue;
        }
        // Amounts planned per year replace both kinds; otherwise one kind may still be open.
        if m.cost_by_year.is_empty() {
            match (m.cost_once_cents, m.cost_yearly_cents) {
                (Some(_), None) => yearly_open.push(m.number.clone()),
                (None, Some(_)) => once_open.push(m.number.clone()),
                _ => {}
            }
        }
        // The measure's amounts per year: (year, one-off, yearly, planned for the year).
        let amounts: Vec<(i32, i64, i64, i64)> = if !m.cost_by_year.is_empty() {
            out.has_planned = true;
            m.cost_by_year
                .iter()
                .map(|a| (a.year, 0, 0, a.cents))
                .collect()
        } else {
            let Some(start) = m
                .start_quarter
                .as_deref()
                .and_then(parse_period)
                .map(|p| p.year)
            else {
                out.without_period.push(m.number.clone());
                out.unplaced_cents = add_cents(
                    out.unplaced_cents,
                    sum_cents([m.cost_once_cents, m.cost_yearly_cents])?,
                )?;
                continue;
            };
            let end = m
                .end_quarter
                .as_deref()
                .and_then(parse_period)
                .map(|p| p.year);
            if end.is_none() && m.cost_yearly_cents.is_some_and(|c| c > 0) {
                out.yearly_without_end.push(m.number.clone());
            }
            let end = end.unwrap_or(start).max(start);
            (start..=end)
                .map(|year| {
                    let once = if year == start {
                        m.cost_once_cents.unwrap_or(0)
                    } else {
                        0
                    };
                    (year, once, m.cost_yearly_cents.unwrap_or(0), 0)
                })
                .collect()
        };
        // An empty rate is unknown: the amount counts as open funding, not as 0 %.
        let rate = m.funding_rate;
        let mut placed = false;
        for (year, once, yearly, planned) in amounts {
            if once == 0 && yearly == 0 && planned == 0 {
                // A year without any amount is no row of the budget.
                continue;
            }
            let entry = years.entry(year).or_insert(YearBudget {
                year,
                ..Default::default()
            });
            let total = add_cents(add_cents(once, yearly)?, planned)?;
            let funding = funding_share(total, rate.unwrap_or(0))?;
            let own = total.checked_sub(funding).ok_or_else(|| {
                Error::invalid("Der Eigenanteil ist zu groß, um ihn zu berechnen.")
            })?;
            if rate.is_none() {
                entry.funding_open_cents = add_cents(entry.funding_open_cents, total)?;
            }
            placed = true;
            entry.once_cents = add_cents(entry.once_cents, once)?;
            entry.yearly_cents = add_cents(entry.yearly_cents, yearly)?;
            entry.planned_cents = add_cents(entry.planned_cents, planned)?;
            entry.total_cents = add_cents(entry.total_cents, total)?;
            entry.funding_cents = add_cents(entry.funding_cents, funding)?;
            entry.own_share_cents = add_cents(entry.own_share_cents, own)?;
        }
        if placed && rate.is_none() {
            out.funding_open.push(m.number.clone());
        }
    }
    out.total = sum_of_years(years.values())?;
    out.notes = [
        without_estimate_note(out.without_estimate),
        (!out.yearly_without_end.is_empty()).then(|| {
            format!(
                "Laufende Kosten ohne angegebenes Ende sind nur im ersten Jahr enthalten: {}.",
                named_numbers(&out.yearly_without_end)
            )
        }),
        (!out.without_period.is_empty()).then(|| {
            format!(
                "Ohne Beginn, daher keinem Jahr zugeordnet und in den Beträgen nicht enthalten: \
                 {} ({}).",
                named_numbers(&out.without_period),
                format_euro(out.unplaced_cents)
            )
        }),
        part_open_note(&yearly_open, &once_open),
        funding_open_note(&out.funding_open),
    ]
    .into_iter()
    .flatten()
    .collect();
    out.years = years.into_values().map(YearBudget::with_labels).collect();
    Ok(out)
}

/// Progress of one Baustein, 0–100.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BausteinProgress {
    pub baustein: u8,
    pub title: String,
    pub percent: u8,
}

pub const BAUSTEIN_TITLES: [&str; 5] = [
    "Projektziele und Zeitplanung",
    "IST-Analyse",
    "Lebensbereiche",
    "Projekte und Maßnahmen",
    "Strategieentwurf",
];

/// The facts progress is computed from; gathered by the API from the project file.
#[derive(Debug, Clone, Default)]
pub struct ProgressFacts {
    pub profile_complete: bool,
    pub goals: usize,
    pub timeline_entries: usize,
    pub steering_members: usize,
    pub events: usize,
    pub check_items: usize,
    pub check_answered: usize,
    pub ozg_services: usize,
    pub ozg_rated: usize,
    pub swot_quadrants: usize,
    pub key_figures: usize,
    pub key_figures_filled: usize,
    pub areas_selected: usize,
    pub areas_selected_with_vision: usize,
    pub events_with_votes: usize,
    pub measures: usize,
    pub measures_complete: usize,
    pub areas_selected_with_measures: usize,
    pub sections_included: usize,
    pub sections_approved: usize,
    pub report_settings_complete: bool,
    pub drafts: usize,
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part.min(whole) as f64 / whole as f64
    }
}

fn flag(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

/// Weighted criteria per Baustein (weights sum to 1 in each):
/// 1 profile, goals, timeline, steering group, events (each 1/5);
/// 2 answered items 60 %, rated OZG services 20 %, SWOT quadrants 10 %, key figures 10 %;
/// 3 an area selected 40 %, visions of selected areas 40 %, votes recorded 20 %;
/// 4 a measure 20 %, complete Steckbriefe 60 %, every selected area has a measure 20 %;
/// 5 approved included sections 80 %, report settings (title, version, author) 20 %.
pub fn progress(f: &ProgressFacts) -> Vec<BausteinProgress> {
    let values = [
        (flag(f.profile_complete)
            + flag(f.goals > 0)
            + flag(f.timeline_entries > 0)
            + flag(f.steering_members > 0)
            + flag(f.events > 0))
            / 5.0,
        0.6 * share(f.check_answered, f.check_items)
            + 0.2 * share(f.ozg_rated, f.ozg_services)
            + 0.1 * share(f.swot_quadrants, 4)
            + 0.1 * share(f.key_figures_filled, f.key_figures),
        0.4 * flag(f.areas_selected > 0)
            + 0.4 * share(f.areas_selected_with_vision, f.areas_selected)
            + 0.2 * flag(f.events_with_votes > 0),
        0.2 * flag(f.measures > 0)
            + 0.6 * share(f.measures_complete, f.measures)
            + 0.2 * share(f.areas_selected_with_measures, f.areas_selected),
        0.8 * share(f.sections_approved, f.sections_included)
            + 0.2 * flag(f.report_settings_complete),
    ];
    values
        .iter()
        .zip(BAUSTEIN_TITLES)
        .zip(1u8..)
        .map(|((v, title), baustein)| BausteinProgress {
            baustein,
            title: title.to_string(),
            percent: (v * 100.0).round().clamp(0.0, 100.0) as u8,
        })
        .collect()
}

/// One of the „Nächste Schritte“ on the overview: an unmet progress criterion, in German, with
/// the place in the window where it is met.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct NextStep {
    /// 1 to 5, or [`UMSETZUNG`] for the Umsetzung.
    pub baustein: u8,
    pub text: String,
    /// Where the window opens for it: "profile", "goals", "timeline", "stakeholders", "events",
    /// "check", "ozg", "swot", "key_figures", "areas", "votes", "visions", "measures",
    /// "steckbriefe", "sections", "report_settings"; in the Umsetzung "adoption",
    /// "round_start", "forms_export", "round_table", "kpi_form", "kpi_table", "revision".
    pub place: String,
}

/// The window's page of the Umsetzung, where its next steps are done.
pub const UMSETZUNG: u8 = 6;

/// What the overview knows of the Umsetzung, for its next steps.
#[derive(Debug, Clone, Default)]
pub struct ImplementationFacts {
    /// A strategy is in force (a decision adopted it).
    pub in_force: bool,
    /// The strategy's text is a draft: before its adoption, or in its Fortschreibung.
    pub drafting: bool,
    /// The newest decision, when it did not adopt: „vertagt vom Gemeinderat am 10.11.2026“.
    pub pending: Option<String>,
    /// The day the strategy in force was adopted.
    pub adopted_on: Option<NaiveDate>,
    /// The newest status round: its label and Stichtag.
    pub round: Option<(String, Option<NaiveDate>)>,
    pub unreported: usize,
    /// Entries unchanged since the round before (see `RoundView::unchanged`).
    pub unchanged: usize,
    pub kpis: usize,
    /// Indicators with at least one measured value.
    pub kpis_measured: usize,
    /// Indicators not reached whose target date has gone by without a value since
    /// ([`crate::model::KpiStanding::DueUnmeasured`]).
    pub kpis_due_unmeasured: usize,
    pub today: NaiveDate,
}

/// Status rounds are held every half year (the window's labels, „Statusrunde 1. Halbjahr …“):
/// the next is due this many days after the last one's Stichtag.
pub const ROUND_DUE_AFTER_DAYS: u64 = 183;

/// The strategy's own text (chapter „Monitoring und Fortschreibung“) has it updated after
/// three years.
pub const REVISION_DUE_AFTER_MONTHS: u32 = 36;

/// The Umsetzung's open steps: a decision still to be taken, a round to begin or to complete,
/// indicators to measure, a Fortschreibung that is due.
fn implementation_steps(u: &ImplementationFacts) -> Vec<NextStep> {
    let step = |text: String, place: &str| NextStep {
        baustein: UMSETZUNG,
        text,
        place: place.to_owned(),
    };
    let mut steps = Vec::new();
    if !u.in_force {
        if let Some(pending) = &u.pending {
            steps.push(step(
                format!("Erneuten Beschluss erfassen, sobald das Gremium entschieden hat (zuletzt {pending})"),
                "adoption",
            ));
        }
        return steps;
    }
    match &u.round {
        None => steps.push(step(
            "Erste Statusrunde beginnen: den Stand jeder Maßnahme bei ihrer Federführung abfragen"
                .into(),
            "round_start",
        )),
        Some((label, date)) => {
            let due = |d: &NaiveDate| {
                d.checked_add_days(chrono::Days::new(ROUND_DUE_AFTER_DAYS))
                    .is_some_and(|due| u.today > due)
            };
            if let Some(date) = date.filter(due) {
                steps.push(step(
                    format!(
                        "Nächste Statusrunde beginnen (die letzte, „{label}“, hat den Stichtag {})",
                        date.format("%d.%m.%Y")
                    ),
                    "round_start",
                ));
            } else {
                if u.unreported > 0 {
                    steps.push(step(
                        format!(
                            "Meldungen einholen: {} ohne Meldung in „{label}“ (Statusformulare)",
                            count_of(u.unreported, "Maßnahme", "Maßnahmen")
                        ),
                        "forms_export",
                    ));
                }
                if u.unchanged > 0 {
                    steps.push(step(
                        format!(
                            "Angaben bestätigen lassen: bei {} unverändert seit der Statusrunde davor",
                            count_of(u.unchanged, "Maßnahme", "Maßnahmen")
                        ),
                        "round_table",
                    ));
                }
            }
        }
    }
    if u.kpis == 0 {
        steps.push(step(
            "Kennzahlen anlegen, an denen die Wirkung der Maßnahmen gemessen wird".into(),
            "kpi_form",
        ));
    } else if u.kpis_measured < u.kpis {
        steps.push(step(
            format!(
                "Kennzahlen messen ({} von {} noch ohne Messwert)",
                u.kpis.saturating_sub(u.kpis_measured),
                u.kpis
            ),
            "kpi_table",
        ));
    }
    if u.kpis_due_unmeasured > 0 {
        steps.push(step(
            format!(
                "Kennzahlen zum Zieldatum messen: bei {} ist das Zieldatum verstrichen, ohne Messwert seither",
                u.kpis_due_unmeasured
            ),
            "kpi_table",
        ));
    }
    if !u.drafting {
        if let Some(adopted) = u.adopted_on {
            let due = adopted.checked_add_months(chrono::Months::new(REVISION_DUE_AFTER_MONTHS));
            if due.is_some_and(|d| u.today >= d) {
                steps.push(step(
                    format!(
                        "Fortschreibung beginnen: die Strategie ist seit dem {} in Kraft, nach drei Jahren wird sie fortgeschrieben",
                        adopted.format("%d.%m.%Y")
                    ),
                    "revision",
                ));
            }
        }
    }
    steps
}

/// The most steps the overview lists at once.
pub const MAX_NEXT_STEPS: usize = 5;

/// The first unmet criteria of [`progress`], Baustein by Baustein, at most [`MAX_NEXT_STEPS`]:
/// what a new project's overview suggests doing next. Same facts, same thresholds as the
/// progress bars, so a step disappears exactly when its share of the bar is reached.
///
/// Once a strategy is in force its Bausteine are done with: the Umsetzung's steps take their
/// place, and return beside them during a Fortschreibung. After a postponed or rejected vote
/// the decision still to be taken comes first.
pub fn next_steps(f: &ProgressFacts, u: Option<&ImplementationFacts>) -> Vec<NextStep> {
    let umsetzung = u.map(implementation_steps).unwrap_or_default();
    let strategy = strategy_steps(f);
    let steps: Vec<NextStep> = match u {
        Some(u) if u.in_force && !u.drafting => umsetzung,
        Some(u) if u.in_force => strategy.into_iter().chain(umsetzung).collect(),
        _ => umsetzung.into_iter().chain(strategy).collect(),
    };
    steps.into_iter().take(MAX_NEXT_STEPS).collect()
}

/// The unmet criteria of [`progress`], Baustein by Baustein.
fn strategy_steps(f: &ProgressFacts) -> Vec<NextStep> {
    let open = |part: usize, whole: usize| whole == 0 || part < whole;
    let candidates: [(u8, bool, String, &str); 16] = [
        (
            1,
            !f.profile_complete,
            "Profil der Kommune vervollständigen (Name, AGS, Einwohner, Projektbeginn …)".into(),
            "profile",
        ),
        (
            1,
            f.goals == 0,
            "Erstes Projektziel mit Indikator und Zielwert festhalten".into(),
            "goals",
        ),
        (
            1,
            f.timeline_entries == 0,
            "Zeitplan anlegen: Sitzungen, Workshops, Meilensteine".into(),
            "timeline",
        ),
        (
            1,
            f.steering_members == 0,
            "Lenkungsgruppe benennen".into(),
            "stakeholders",
        ),
        (
            1,
            f.events == 0,
            "Erste Veranstaltung anlegen (z. B. Auftakt oder Zukunftswerkstatt)".into(),
            "events",
        ),
        (
            2,
            open(f.check_answered, f.check_items),
            format!(
                "Digitalisierungs-Check beantworten ({} von {} Fragen)",
                f.check_answered, f.check_items
            ),
            "check",
        ),
        (
            2,
            open(f.ozg_rated, f.ozg_services),
            format!(
                "OZG-Leistungen einstufen ({} von {})",
                f.ozg_rated, f.ozg_services
            ),
            "ozg",
        ),
        (
            2,
            f.swot_quadrants < 4,
            format!("SWOT ergänzen ({} von 4 Feldern gefüllt)", f.swot_quadrants),
            "swot",
        ),
        (
            2,
            open(f.key_figures_filled, f.key_figures),
            format!(
                "Kennzahlen eintragen ({} von {})",
                f.key_figures_filled, f.key_figures
            ),
            "key_figures",
        ),
        (
            3,
            f.areas_selected == 0,
            "Lebensbereiche auswählen".into(),
            "areas",
        ),
        (
            3,
            f.events_with_votes == 0,
            "Punkte der Punktabfrage je Veranstaltung eintragen".into(),
            "votes",
        ),
        (
            3,
            f.areas_selected > 0 && open(f.areas_selected_with_vision, f.areas_selected),
            format!(
                "Zielbilder der ausgewählten Lebensbereiche schreiben ({} von {})",
                f.areas_selected_with_vision, f.areas_selected
            ),
            "visions",
        ),
        (
            4,
            f.measures == 0,
            "Erste Maßnahme anlegen (oder eine Idee übernehmen)".into(),
            "measures",
        ),
        (
            4,
            f.measures > 0 && open(f.measures_complete, f.measures),
            format!(
                "Steckbriefe vervollständigen ({} von {} vollständig)",
                f.measures_complete, f.measures
            ),
            "steckbriefe",
        ),
        (
            5,
            open(f.sections_approved, f.sections_included),
            format!(
                "Kapitel des Entwurfs abstimmen ({} von {})",
                f.sections_approved, f.sections_included
            ),
            "sections",
        ),
        (
            5,
            !f.report_settings_complete,
            "Berichtsangaben ergänzen (Titel, Version, Verfasser)".into(),
            "report_settings",
        ),
    ];
    candidates
        .into_iter()
        .filter(|(_, due, _, _)| *due)
        .map(|(baustein, _, text, place)| NextStep {
            baustein,
            text,
            place: place.to_owned(),
        })
        .collect()
}

/// German thousands grouping: 12500 → "12.500".
pub fn format_thousands(n: impl Into<i64>) -> String {
    let n: i64 = n.into();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && digits.len().saturating_sub(i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Euro amount from cents in German notation with a non-breaking space: "12.500 €", "12.500,50 €".
pub fn format_euro(cents: i64) -> String {
    let euros = cents / 100;
    let rest = (cents % 100).abs();
    if rest == 0 {
        format!("{}\u{a0}€", format_thousands(euros))
    } else {
        format!("{},{rest:02}\u{a0}€", format_thousands(euros))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_number_formats() {
        assert_eq!(format_thousands(12500), "12.500");
        assert_eq!(format_thousands(999), "999");
        assert_eq!(format_thousands(1_234_567), "1.234.567");
        assert_eq!(format_euro(1_250_000), "12.500\u{a0}€");
        assert_eq!(format_euro(1_250_050), "12.500,50\u{a0}€");
    }

    #[test]
    fn budget_spreads_yearly_costs_and_funding() {
        let m = Measure {
            start_quarter: Some("2027-Q2".into()),
            end_quarter: Some("2029-Q1".into()),
            cost_once_cents: Some(1_000_000),
            cost_yearly_cents: Some(100_000),
            funding_rate: Some(50),
            ..Default::default()
        };
        let open = Measure {
            number: "M-00-02".into(),
            ..Default::default()
        };
        let unplaced = Measure {
            number: "M-00-03".into(),
            cost_once_cents: Some(5),
            ..Default::default()
        };
        let planned = Measure {
            number: "M-00-04".into(),
            cost_by_year: vec![
                crate::model::YearAmount {
                    year: 2027,
                    cents: 4_000_000,
                },
                crate::model::YearAmount {
                    year: 2030,
                    cents: 500_000,
                },
            ],
            ..Default::default()
        };
        let b = budget(&[m, open, unplaced, planned]).unwrap();
        let years: Vec<i32> = b.years.iter().map(|y| y.year).collect();
        assert_eq!(years, vec![2027, 2028, 2029, 2030]);
        assert_eq!(b.years[0].total_cents, 5_100_000);
        assert_eq!(b.years[0].planned_cents, 4_000_000);
        assert_eq!(b.years[0].funding_cents, 550_000);
        assert_eq!(b.years[0].own_share_cents, 5_100_000 - 550_000);
        for y in b.years.iter().chain([&b.total]) {
            assert_eq!(
                y.own_share_cents,
                y.total_cents - y.funding_cents,
                "{}",
                y.year
            );
        }
        assert_eq!(b.years[2].total_cents, 100_000);
        assert_eq!(b.total.total_cents, 1_300_000 + 4_500_000);
        assert_eq!(b.without_estimate, 1);
        assert_eq!(b.without_period, vec!["M-00-03".to_string()]);
        assert_eq!(
            b.notes[..2],
            [
                "Für 1 Maßnahme liegt noch keine Kostenschätzung vor; sie ist in den Beträgen \
                 nicht enthalten.",
                "Ohne Beginn, daher keinem Jahr zugeordnet und in den Beträgen nicht enthalten: \
                 M-00-03 (0,05\u{a0}€)."
            ]
        );
        assert!(b.has_planned);
        // The planned measure names no funding rate: its funding is open, not 0 %.
        assert_eq!(b.funding_open, vec!["M-00-04".to_string()]);
        assert_eq!(b.years[0].funding_open_cents, 4_000_000);
        assert_eq!(b.years[0].funding_label, "mind. 5.500\u{a0}€");
        assert_eq!(b.years[0].own_share_label, "bis zu 45.500\u{a0}€");
        assert_eq!(b.years[1].funding_label, "500\u{a0}€");
        assert_eq!(b.years[1].own_share_label, "500\u{a0}€");
        assert_eq!(b.years[3].funding_label, "offen");
        assert_eq!(b.years[3].own_share_label, "bis zu 5.000\u{a0}€");
        assert_eq!(b.total.funding_open_cents, 4_500_000);
        assert_eq!(
            b.notes.last().unwrap(),
            "Für 1 Maßnahme mit Kosten ist noch keine Förderquote angegeben (M-00-04): ihre \
             Förderung ist offen, der Eigenanteil deshalb ein Höchstwert. Bei reinen Eigenmitteln \
             ist die Förderquote 0 %."
        );
        // M-00-03 names one-off costs only: its running costs are open, not 0 €.
        assert!(b.notes.contains(
            &"Bei 1 Maßnahme ist ein Teil der Kosten noch offen und in den Beträgen nicht \
             enthalten: laufende Kosten bei M-00-03. Sind solche Kosten nicht vorgesehen, steht \
             im Steckbrief 0 €."
                .to_string()
        ));
    }

    #[test]
    fn a_part_of_the_costs_left_open_is_named_not_counted_as_zero() {
        let measure = |number: &str, once: Option<i64>, yearly: Option<i64>| Measure {
            number: number.into(),
            start_quarter: Some("2027-Q1".into()),
            cost_once_cents: once,
            cost_yearly_cents: yearly,
            funding_rate: Some(0),
            ..Default::default()
        };
        let b = budget(&[
            measure("M-01-01", Some(1_500_000), None),
            measure("M-01-02", None, Some(200_000)),
            measure("M-01-03", Some(100), Some(0)),
            measure("M-01-04", None, None),
            measure("M-01-05", Some(300), None),
        ])
        .unwrap();
        assert_eq!(b.total.total_cents, 1_500_000 + 200_000 + 100 + 300);
        assert_eq!(
            b.notes[2],
            "Bei 3 Maßnahmen ist ein Teil der Kosten noch offen und in den Beträgen nicht \
             enthalten: laufende Kosten bei M-01-01, M-01-05; einmalige Kosten bei M-01-02. Sind \
             solche Kosten nicht vorgesehen, steht im Steckbrief 0 €."
        );
        // Fully estimated (0 € running costs said as 0) or without any estimate: no such note.
        let b = budget(&[measure("M-01-03", Some(100), Some(0))]).unwrap();
        assert!(b.notes.is_empty(), "{:?}", b.notes);
    }

    #[test]
    fn funding_rounds_half_up_and_sums_never_wrap() {
        assert_eq!(funding_share(1, 50).unwrap(), 1);
        assert_eq!(funding_share(3, 50).unwrap(), 2);
        assert!(add_cents(i64::MAX, 1).is_err());
        assert!(sum_cents([Some(i64::MAX), None, Some(1)]).is_err());
        assert_eq!(sum_cents([Some(2), None, Some(3)]).unwrap(), 5);
    }

    #[test]
    fn priority_score_prefers_high_benefit_low_effort() {
        let easy = Measure {
            benefit: Some(5),
            effort: Some(1),
            priority: Some(Priority::Hoch),
            ..Default::default()
        };
        let hard = Measure {
            benefit: Some(1),
            effort: Some(5),
            priority: Some(Priority::Niedrig),
            ..Default::default()
        };
        assert_eq!(measure_priority_score(&easy), Some(100));
        assert_eq!(measure_priority_score(&hard), Some(0));
        let unassessed = Measure {
            benefit: Some(5),
            ..Default::default()
        };
        assert_eq!(measure_priority_score(&unassessed), None);
        assert_eq!(round_half_up(92.5), 93.0);
        assert_eq!(round_half_up(0.925 * 100.0), 93.0);
        assert_eq!(round_half_up(92.4), 92.0);
        assert_eq!(format_decimal(92.5, 0), "93");
        assert_eq!(format_decimal(12.75, 1), "12,8");
    }
}
