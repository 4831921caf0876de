//! Plain domain types, one file per Baustein (+ `project.rs` for the municipality profile).
//!
//! Every stored thing is an [`Entity`]: a serde struct with a UUID v7 `id`, stored as one row of
//! its own table (see `store`). The model knows nothing of SQL or PDF; it validates its own
//! fields (`Entity::validate`) and leaves references between rows to the API layer.

pub mod check;
pub mod goals;
pub mod implementation;
pub mod life_areas;
pub mod measures;
pub mod project;
pub mod strategy;

use chrono::{Datelike, NaiveDate};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};

pub use check::*;
pub use goals::*;
pub use implementation::*;
pub use life_areas::*;
pub use measures::*;
pub use project::*;
pub use strategy::*;

/// A stable id for a row that exists at most once per combination of other rows (the answer to a
/// check question, the votes of an area at an event): every copy of a project creates the same id,
/// so merging two copies meets one row instead of two. UUID v5 over the given ids.
pub fn derived_id(of: &[Uuid]) -> Uuid {
    const NAMESPACE: Uuid = Uuid::from_u128(0x5a4b_4f4d_0000_4000_8000_0000_0000_0001);
    let bytes: Vec<u8> = of.iter().flat_map(|id| *id.as_bytes()).collect();
    Uuid::new_v5(&NAMESPACE, &bytes)
}

/// Every kind of stored row. The string form is the table name and the `kind` in the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntityKind {
    Profile,
    Goal,
    TimelineEntry,
    Stakeholder,
    Event,
    CheckDimension,
    CheckItem,
    CheckAnswer,
    OzgService,
    KeyFigure,
    SwotEntry,
    DigitalOffer,
    LifeArea,
    LifeAreaVote,
    Idea,
    Measure,
    MeasureVote,
    Section,
    ReportSettings,
    Draft,
    Adoption,
    Baseline,
    Kpi,
    KpiValue,
    StatusRound,
    StatusEntry,
}

impl EntityKind {
    pub const ALL: [EntityKind; 26] = [
        EntityKind::Profile,
        EntityKind::Goal,
        EntityKind::TimelineEntry,
        EntityKind::Stakeholder,
        EntityKind::Event,
        EntityKind::CheckDimension,
        EntityKind::CheckItem,
        EntityKind::CheckAnswer,
        EntityKind::OzgService,
        EntityKind::KeyFigure,
        EntityKind::SwotEntry,
        EntityKind::DigitalOffer,
        EntityKind::LifeArea,
        EntityKind::LifeAreaVote,
        EntityKind::Idea,
        EntityKind::Measure,
        EntityKind::MeasureVote,
        EntityKind::Section,
        EntityKind::ReportSettings,
        EntityKind::Draft,
        EntityKind::Adoption,
        EntityKind::Baseline,
        EntityKind::Kpi,
        EntityKind::KpiValue,
        EntityKind::StatusRound,
        EntityKind::StatusEntry,
    ];

    /// Table name in the project file (also the journal's `kind`).
    pub fn table(self) -> &'static str {
        match self {
            EntityKind::Profile => "profile",
            EntityKind::Goal => "goal",
            EntityKind::TimelineEntry => "timeline_entry",
            EntityKind::Stakeholder => "stakeholder",
            EntityKind::Event => "event",
            EntityKind::CheckDimension => "check_dimension",
            EntityKind::CheckItem => "check_item",
            EntityKind::CheckAnswer => "check_answer",
            EntityKind::OzgService => "ozg_service",
            EntityKind::KeyFigure => "key_figure",
            EntityKind::SwotEntry => "swot_entry",
            EntityKind::DigitalOffer => "digital_offer",
            EntityKind::LifeArea => "life_area",
            EntityKind::LifeAreaVote => "life_area_vote",
            EntityKind::Idea => "idea",
            EntityKind::Measure => "measure",
            EntityKind::MeasureVote => "measure_vote",
            EntityKind::Section => "section",
            EntityKind::ReportSettings => "report_settings",
            EntityKind::Draft => "draft",
            EntityKind::Adoption => "adoption",
            EntityKind::Baseline => "baseline",
            EntityKind::Kpi => "kpi",
            EntityKind::KpiValue => "kpi_value",
            EntityKind::StatusRound => "status_round",
            EntityKind::StatusEntry => "status_entry",
        }
    }

    pub fn from_table(name: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.table() == name)
    }

    /// German noun for messages ("Ziel wurde nicht gefunden").
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Profile => "Profil der Kommune",
            EntityKind::Goal => "Ziel",
            EntityKind::TimelineEntry => "Termin",
            EntityKind::Stakeholder => "Beteiligte/r",
            EntityKind::Event => "Veranstaltung",
            EntityKind::CheckDimension => "Check-Dimension",
            EntityKind::CheckItem => "Check-Frage",
            EntityKind::CheckAnswer => "Check-Antwort",
            EntityKind::OzgService => "OZG-Leistung",
            EntityKind::KeyFigure => "Kennzahl",
            EntityKind::SwotEntry => "SWOT-Eintrag",
            EntityKind::DigitalOffer => "Digitales Angebot",
            EntityKind::LifeArea => "Lebensbereich",
            EntityKind::LifeAreaVote => "Stimmen",
            EntityKind::Idea => "Idee",
            EntityKind::Measure => "Maßnahme",
            EntityKind::MeasureVote => "Stimmen für Maßnahmen",
            EntityKind::Section => "Abschnitt",
            EntityKind::ReportSettings => "Berichtseinstellungen",
            EntityKind::Draft => "Entwurf",
            EntityKind::Adoption => "Beschluss",
            EntityKind::Baseline => "Ausgangsbasis",
            EntityKind::Kpi => "Kennzahl (Umsetzung)",
            EntityKind::KpiValue => "Messwert",
            EntityKind::StatusRound => "Statusrunde",
            EntityKind::StatusEntry => "Status einer Maßnahme",
        }
    }

    /// Fields of a kind that are personal data (a stakeholder's name and contact, who reports a
    /// measure's status): blanked in a copy without personal data and kept when such a copy
    /// is merged back.
    pub fn personal_fields(self) -> &'static [&'static str] {
        match self {
            EntityKind::Stakeholder => &Stakeholder::PERSONAL_FIELDS,
            EntityKind::StatusEntry => &StatusEntry::PERSONAL_FIELDS,
            _ => &[],
        }
    }

    /// The fixed id of a kind that exists exactly once per project (profile, report settings);
    /// such a row may never be deleted or replaced by a row with another id.
    pub fn singleton_id(self) -> Option<Uuid> {
        match self {
            EntityKind::Profile => Some(PROFILE_ID),
            EntityKind::ReportSettings => Some(REPORT_SETTINGS_ID),
            _ => None,
        }
    }

    /// Refuses a row of another copy or an import that would delete a singleton or add a
    /// second one: the project would no longer open.
    pub fn check_singleton_row(self, id: Uuid, deleted: bool) -> Result<()> {
        match self.singleton_id() {
            Some(fixed) if fixed != id => Err(Error::invalid(format!(
                "„{}“ gibt es je Projekt nur einmal; die Datei enthält einen zweiten Eintrag (ID {id}) und wird nicht übernommen.",
                self.label()
            ))),
            Some(_) if deleted => Err(Error::invalid(format!(
                "In der Datei ist „{}“ gelöscht; so ließe sich das Projekt nicht mehr öffnen. Sie wird nicht übernommen.",
                self.label()
            ))),
            _ => Ok(()),
        }
    }

    /// The rows a stored body of this kind points at; a body that is not of this kind points
    /// at nothing (it is refused by its own check).
    pub fn references_in(self, body: &serde_json::Value) -> Vec<(EntityKind, Uuid)> {
        struct References<'a>(&'a serde_json::Value);
        impl KindVisitor for References<'_> {
            type Output = Vec<(EntityKind, Uuid)>;
            fn visit<T: Entity>(self) -> Self::Output {
                T::deserialize(self.0)
                    .map(|row| row.references())
                    .unwrap_or_default()
            }
        }
        self.visit(References(body))
    }

    /// Calls `visitor` with the row type of this kind: the one place that maps a kind to its
    /// type, for code that handles rows whose kind is known only at run time.
    pub fn visit<V: KindVisitor>(self, visitor: V) -> V::Output {
        match self {
            EntityKind::Profile => visitor.visit::<Profile>(),
            EntityKind::Goal => visitor.visit::<Goal>(),
            EntityKind::TimelineEntry => visitor.visit::<TimelineEntry>(),
            EntityKind::Stakeholder => visitor.visit::<Stakeholder>(),
            EntityKind::Event => visitor.visit::<Event>(),
            EntityKind::CheckDimension => visitor.visit::<CheckDimension>(),
            EntityKind::CheckItem => visitor.visit::<CheckItem>(),
            EntityKind::CheckAnswer => visitor.visit::<CheckAnswer>(),
            EntityKind::OzgService => visitor.visit::<OzgService>(),
            EntityKind::KeyFigure => visitor.visit::<KeyFigure>(),
            EntityKind::SwotEntry => visitor.visit::<SwotEntry>(),
            EntityKind::DigitalOffer => visitor.visit::<DigitalOffer>(),
            EntityKind::LifeArea => visitor.visit::<LifeArea>(),
            EntityKind::LifeAreaVote => visitor.visit::<LifeAreaVote>(),
            EntityKind::Idea => visitor.visit::<Idea>(),
            EntityKind::Measure => visitor.visit::<Measure>(),
            EntityKind::MeasureVote => visitor.visit::<MeasureVote>(),
            EntityKind::Section => visitor.visit::<Section>(),
            EntityKind::ReportSettings => visitor.visit::<ReportSettings>(),
            EntityKind::Draft => visitor.visit::<Draft>(),
            EntityKind::Adoption => visitor.visit::<Adoption>(),
            EntityKind::Baseline => visitor.visit::<Baseline>(),
            EntityKind::Kpi => visitor.visit::<Kpi>(),
            EntityKind::KpiValue => visitor.visit::<KpiValue>(),
            EntityKind::StatusRound => visitor.visit::<StatusRound>(),
            EntityKind::StatusEntry => visitor.visit::<StatusEntry>(),
        }
    }

    /// Whether a stored body reads as this kind's type: opening refuses a file with a row that
    /// would fail later (a bit flip inside a body keeps it valid JSON but not a valid row).
    pub fn check_body(self, body: &str) -> std::result::Result<(), String> {
        struct Reads<'a>(&'a str);
        impl KindVisitor for Reads<'_> {
            type Output = std::result::Result<(), String>;
            fn visit<T: Entity>(self) -> Self::Output {
                serde_json::from_str::<T>(self.0)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
        }
        self.visit(Reads(body))
    }

    /// Checks a row body of this kind that did not come through a save (import, another copy,
    /// a journal image undo writes back): it must read as the kind's type, carry `id`, and pass
    /// `validate`. The message names kind and id.
    pub fn validate_body(self, id: Uuid, body: &serde_json::Value) -> Result<()> {
        struct Valid<'a>(Uuid, &'a serde_json::Value);
        impl KindVisitor for Valid<'_> {
            type Output = Result<()>;
            fn visit<T: Entity>(self) -> Result<()> {
                let Valid(id, body) = self;
                let entity = T::deserialize(body)
                    .map_err(|e| Error::invalid(format!("{} {id}: {e}", T::KIND.label())))?;
                if entity.id() != id {
                    return Err(Error::invalid(format!(
                        "{} {id}: die ID im Inhalt weicht ab.",
                        T::KIND.label()
                    )));
                }
                entity.validate()
            }
        }
        self.visit(Valid(id, body))
    }

    /// The Baustein (1–5) a kind belongs to, 6 for the Umsetzung; the profile counts to Baustein 1.
    pub fn baustein(self) -> u8 {
        match self {
            EntityKind::Profile
            | EntityKind::Goal
            | EntityKind::TimelineEntry
            | EntityKind::Stakeholder
            | EntityKind::Event => 1,
            EntityKind::CheckDimension
            | EntityKind::CheckItem
            | EntityKind::CheckAnswer
            | EntityKind::OzgService
            | EntityKind::KeyFigure
            | EntityKind::SwotEntry
            | EntityKind::DigitalOffer => 2,
            EntityKind::LifeArea | EntityKind::LifeAreaVote => 3,
            EntityKind::Idea | EntityKind::Measure | EntityKind::MeasureVote => 4,
            EntityKind::Section | EntityKind::ReportSettings | EntityKind::Draft => 5,
            // The Umsetzung after the Bausteine.
            EntityKind::Adoption
            | EntityKind::Baseline
            | EntityKind::Kpi
            | EntityKind::KpiValue
            | EntityKind::StatusRound
            | EntityKind::StatusEntry => 6,
        }
    }
}

/// Code generic over a row type, run for a kind known only at run time ([`EntityKind::visit`]).
pub trait KindVisitor {
    type Output;
    fn visit<T: Entity>(self) -> Self::Output;
}

/// A stored domain row. Implemented by every struct in `model` through [`entity!`].
pub trait Entity: Serialize + DeserializeOwned + Clone + Default {
    const KIND: EntityKind;
    fn id(&self) -> Uuid;
    fn set_id(&mut self, id: Uuid);
    /// Checks the entity's own fields (ranges, formats); a German message names the field.
    fn validate(&self) -> Result<()> {
        Ok(())
    }
    /// The other rows this one points at (kind and id), e.g. a measure's Lebensbereich. The
    /// API checks them when saving; imports and merges check them the same way
    /// ([`EntityKind::references_in`]).
    fn references(&self) -> Vec<(EntityKind, Uuid)> {
        Vec::new()
    }
}

/// Implements [`Entity`] for a struct with a field `id: Uuid`; an optional block gives
/// `validate`, an optional `references` block the rows it points at.
macro_rules! entity {
    ($ty:ty, $kind:ident) => {
        $crate::model::entity!($ty, $kind, |_entity| { Ok(()) });
    };
    ($ty:ty, $kind:ident, |$s:ident| $validate:block) => {
        $crate::model::entity!(
            $ty,
            $kind,
            |$s| $validate,
            references | _entity | { Vec::new() }
        );
    };
    ($ty:ty, $kind:ident, |$s:ident| $validate:block, references |$r:ident| $references:block) => {
        impl $crate::model::Entity for $ty {
            const KIND: $crate::model::EntityKind = $crate::model::EntityKind::$kind;
            fn id(&self) -> uuid::Uuid {
                self.id
            }
            fn set_id(&mut self, id: uuid::Uuid) {
                self.id = id;
            }
            fn validate(&self) -> $crate::error::Result<()> {
                $crate::model::check_text_lengths(self)?;
                let $s = self;
                $validate
            }
            fn references(&self) -> Vec<($crate::model::EntityKind, uuid::Uuid)> {
                let $r = self;
                $references
            }
        }
    };
}
pub(crate) use entity;

/// A value the window offers as a choice, with its German label. The one table of labels per
/// enum: the report and the CLI print `label()`, the window gets them generated
/// (`ui/src/lib/bindings/labels.ts`, see `api::labels`).
pub trait Choice: Sized + Copy + Serialize + 'static {
    /// Every value in the order the window offers them.
    const ALL: &'static [Self];
    fn label(self) -> &'static str;
}

/// Implements [`Choice`] from one table `Variant => "Label"` next to the enum.
macro_rules! choices {
    ($ty:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        impl $crate::model::Choice for $ty {
            const ALL: &'static [Self] = &[$($ty::$variant),+];
            fn label(self) -> &'static str {
                match self {
                    $($ty::$variant => $label),+
                }
            }
        }
    };
}
pub(crate) use choices;

/// German names of the fields of stored rows, for messages ("Text zu lang in Maßnahme, Titel")
/// and the window (the merge dialog's comparison). A field not listed is shown by its name.
pub const FIELD_LABELS: &[(&str, &str)] = &[
    ("title", "Titel"),
    ("description", "Beschreibung"),
    ("name", "Name"),
    ("role", "Rolle"),
    ("organisation", "Organisation"),
    ("contact", "Kontakt"),
    ("note", "Notiz"),
    ("text", "Text"),
    ("body", "Text"),
    ("votes", "Stimmen"),
    ("ist", "IST"),
    ("soll", "SOLL"),
    ("ist_unknown", "IST unbekannt (k. A.)"),
    ("vision", "Zielbild"),
    ("rationale", "Begründung"),
    ("responsible", "Verantwortlich"),
    ("goal", "Ziel und Wirkung"),
    ("lead", "Federführung"),
    ("status", "Status"),
    ("priority", "Priorität"),
    ("mayor", "Verwaltungsspitze"),
    ("district", "Landkreis / Bezirk"),
    ("place", "Ort"),
    ("minutes", "Protokoll"),
    ("label", "Bezeichnung"),
    ("subtitle", "Untertitel"),
    ("author", "Verfasst von"),
    ("start", "Beginn"),
    ("end", "Ende"),
    ("date", "Datum"),
    ("question", "Frage"),
    ("help", "Erläuterung"),
    ("order", "Reihenfolge"),
    ("selected", "Ausgewählt"),
    ("approved", "Abgestimmt"),
    ("included", "Im Bericht"),
    ("number", "Nummer"),
    ("source", "Quelle"),
    ("value", "Wert"),
    ("cost_once_cents", "Kosten einmalig"),
    ("cost_yearly_cents", "Kosten laufend pro Jahr"),
    ("cost_by_year", "Beträge je Jahr"),
    ("funding_programme", "Förderprogramm"),
    ("funding_rate", "Förderquote (%)"),
    ("funding_amount_cents", "Fördersumme"),
    ("own_share_cents", "Eigenanteil"),
    ("start_quarter", "Beginn (Quartal)"),
    ("end_quarter", "Ende (Quartal)"),
    ("kpis", "Indikatoren"),
    ("costs", "Kostenschätzung"),
    ("parties", "Beteiligte"),
    ("effort", "Aufwand"),
    ("benefit", "Nutzen"),
    ("quick_win", "Quick Win"),
    ("life_area_id", "Lebensbereich"),
    ("event_id", "Veranstaltung"),
    ("item_id", "Frage"),
    ("measure_id", "Maßnahme"),
    ("dependencies", "Abhängigkeiten"),
    ("indicator", "Indikator"),
    ("target_value", "Zielwert"),
    ("population", "Einwohner"),
    ("area_km2", "Fläche (km²)"),
    ("ags", "Amtlicher Gemeindeschlüssel"),
    ("kind", "Art"),
    ("consultants", "Beratung"),
    ("maturity", "Reifegrad"),
    ("category", "Kategorie"),
    ("quadrant", "Quadrant"),
    ("unit", "Einheit"),
    ("year", "Jahr"),
    ("format", "Format"),
    ("participants", "Teilnehmende"),
    ("public", "Öffentlich"),
    ("steering_group", "Lenkungsgruppe"),
    ("group", "Gruppe"),
    ("version_label", "Version"),
    ("watermark", "Wasserzeichen"),
    ("evidence", "Nachweis"),
    ("evidence_hint", "Nachweis"),
    ("project_title", "Projekttitel"),
    ("baustein", "Baustein"),
    ("security_stage", "IT-Sicherheitsstufe"),
];

/// The German name of a stored field ([`FIELD_LABELS`]); the field's own name when unlisted.
pub fn field_label(field: &str) -> &str {
    FIELD_LABELS
        .iter()
        .find(|(name, _)| *name == field)
        .map_or(field, |(_, label)| label)
}

/// Priority of a check item or a measure: hoch = start now, mittel = within 2 years, niedrig = within 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Priority {
    Hoch,
    Mittel,
    Niedrig,
}

choices!(Priority {
    Hoch => "hoch",
    Mittel => "mittel",
    Niedrig => "niedrig",
});

/// Fails with a German message when `value` lies outside `min..=max`.
pub(crate) fn check_range(field: &str, value: Option<u8>, min: u8, max: u8) -> Result<()> {
    match value {
        Some(v) if v < min || v > max => Err(Error::invalid(format!(
            "{field} muss zwischen {min} und {max} liegen (angegeben: {v})."
        ))),
        _ => Ok(()),
    }
}

/// The years a date or year of a project may name: a typo such as 20270 is refused instead of
/// stretching charts over millennia.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Fails with a German message when a year lies outside [`YEARS`].
pub(crate) fn check_year(field: &str, year: Option<i32>) -> Result<()> {
    match year {
        Some(y) if !YEARS.contains(&y) => Err(Error::invalid(format!(
            "{field} muss zwischen {} und {} liegen (angegeben: {y}).",
            YEARS.start(),
            YEARS.end()
        ))),
        _ => Ok(()),
    }
}

/// Fails with a German message when a date lies outside the years [`YEARS`].
pub(crate) fn check_date(field: &str, date: Option<NaiveDate>) -> Result<()> {
    match date {
        Some(d) if !YEARS.contains(&d.year()) => Err(Error::invalid(format!(
            "{field} muss zwischen {} und {} liegen (angegeben: {}).",
            YEARS.start(),
            YEARS.end(),
            d.format("%d.%m.%Y")
        ))),
        _ => Ok(()),
    }
}

/// Fails with a German message when a count (people, votes) is above `max`.
pub(crate) fn check_count(field: &str, value: Option<u32>, max: u32) -> Result<()> {
    match value {
        Some(v) if v > max => Err(Error::invalid(format!(
            "{field} ist mit {} unplausibel hoch (höchstens {}).",
            crate::analysis::format_thousands(v),
            crate::analysis::format_thousands(max)
        ))),
        _ => Ok(()),
    }
}

/// Longest text of a one-line field (title, name, role …) in characters.
pub const MAX_LINE_CHARS: usize = 500;
/// Longest multi-line text (description, minutes, vision …): about six printed pages.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Longest chapter text of the strategy: about thirty printed pages.
pub const MAX_CHAPTER_CHARS: usize = 100_000;

/// The longest text a field may hold (see the constants above).
fn text_limit(kind: EntityKind, field: &str) -> usize {
    match field {
        "body" if kind == EntityKind::Section => MAX_CHAPTER_CHARS,
        "description" | "text" | "note" | "vision" | "rationale" | "minutes" | "kpis" | "goal"
        | "help" | "evidence_hint" | "question" | "contact" => MAX_TEXT_CHARS,
        _ => MAX_LINE_CHARS,
    }
}

/// Whether `field` of a row of `kind` is a text of one line (a title, a name, a role …): the
/// window edits it in a one-line field and the report prints it as one line.
fn is_one_line(kind: EntityKind, field: &str) -> bool {
    text_limit(kind, field) == MAX_LINE_CHARS
}

/// Whether `c` breaks a line: LF, CR, vertical tab, form feed, NEL, the Unicode line and
/// paragraph separators.
fn breaks_line(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// `text`'s lines, trimmed and without empty ones, joined by `separator`; after a line that
/// ends in a comma or semicolon by a space only (a list split over lines). Text without a line
/// break is returned as it is.
pub(crate) fn join_lines(text: &str, separator: &str) -> String {
    if !text.contains(breaks_line) {
        return text.to_owned();
    }
    let mut out = String::new();
    for line in text
        .split(breaks_line)
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        if !out.is_empty() {
            out.push_str(if out.ends_with([',', ';']) {
                " "
            } else {
                separator
            });
        }
        out.push_str(line);
    }
    out
}

/// Joins the lines of every one-line text in a row body of `kind` with a space (a title pasted
/// with its line breaks, a JSON import, `zukunft apply`): in the window such a field showed one
/// line and lost the breaks on the next edit, while the report printed them. Multi-line fields
/// keep theirs. Whether anything changed.
pub(crate) fn join_one_line_fields(kind: EntityKind, body: &mut serde_json::Value) -> bool {
    fn join_all(value: &mut serde_json::Value) -> bool {
        match value {
            serde_json::Value::String(s) if s.contains(breaks_line) => {
                *s = join_lines(s, " ");
                true
            }
            serde_json::Value::Array(items) => items.iter_mut().fold(false, |c, v| join_all(v) | c),
            serde_json::Value::Object(map) => map.values_mut().fold(false, |c, v| join_all(v) | c),
            _ => false,
        }
    }
    let serde_json::Value::Object(fields) = body else {
        return false;
    };
    fields
        .iter_mut()
        .filter(|(field, _)| is_one_line(kind, field))
        .fold(false, |changed, (_, value)| join_all(value) | changed)
}

/// Fails with a German message when a text field of `row` is longer than its limit, so one
/// pasted megabyte cannot make the report take minutes. Part of every `validate`.
pub(crate) fn check_text_lengths<T: Entity>(row: &T) -> Result<()> {
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(row) else {
        return Ok(());
    };
    for (field, value) in &fields {
        let limit = text_limit(T::KIND, field);
        let mut longest = 0;
        longest_text(value, &mut longest);
        if longest > limit {
            return Err(Error::invalid(format!(
                "Der Text im Feld „{}“ ({}) ist mit {} Zeichen zu lang; höchstens {} Zeichen sind möglich.",
                field_label(field),
                T::KIND.label(),
                crate::analysis::format_thousands(longest as i64),
                crate::analysis::format_thousands(limit as i64)
            )));
        }
    }
    Ok(())
}

fn longest_text(value: &serde_json::Value, longest: &mut usize) {
    match value {
        serde_json::Value::String(s) => *longest = (*longest).max(s.chars().count()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| longest_text(v, longest)),
        serde_json::Value::Object(map) => map.values().for_each(|v| longest_text(v, longest)),
        _ => {}
    }
}

/// Fails when a required text is empty or only whitespace.
pub(crate) fn check_required(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(format!("{field} darf nicht leer sein.")));
    }
    Ok(())
}

/// A point of a measure's period as plans state it: a quarter (`2027-Q2`), a half-year
/// (`2027-H1`) or a whole year (`2027`). It covers the quarters `first..=last` of `year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodPoint {
    pub year: i32,
    pub first: u8,
    pub last: u8,
}

/// Quarters counted from year 0: `year` × 4 + `quarter` − 1 (years are bounded by `validate`).
fn quarter_index(year: i32, quarter: u8) -> i32 {
    year.saturating_mul(4)
        .saturating_add(i32::from(quarter))
        .saturating_sub(1)
}

impl PeriodPoint {
    /// Quarter index (year × 4 + quarter − 1) where a period starting here begins.
    pub fn start_index(self) -> i32 {
        quarter_index(self.year, self.first)
    }

    /// Quarter index where a period ending here ends.
    pub fn end_index(self) -> i32 {
        quarter_index(self.year, self.last)
    }

    /// The stored form: "2027", "2027-H1", "2027-Q2".
    pub fn code(self) -> String {
        match (self.first, self.last) {
            (1, 4) => self.year.to_string(),
            (1, 2) => format!("{}-H1", self.year),
            (3, 4) => format!("{}-H2", self.year),
            (q, _) => format!("{}-Q{q}", self.year),
        }
    }

    /// German form: "2027", "1. Hj. 2027", "Q2 2027".
    pub fn label(self) -> String {
        match (self.first, self.last) {
            (1, 4) => self.year.to_string(),
            (1, 2) => format!("1. Hj. {}", self.year),
            (3, 4) => format!("2. Hj. {}", self.year),
            (q, _) => format!("Q{q} {}", self.year),
        }
    }
}

/// Reads a period point as plans and consultants write it (years 1990–2200): the stored forms
/// `2027-Q2`, `2027-H1`, `2027`, and typed forms such as „Q4/2027“, „Q4 2027“, „4. Quartal
/// 2027“, „H1/2027“, „1. Halbjahr 2027“, „2. Hj. 2027“ (case and separators `-` `/` `.` and
/// spaces do not matter). A month („03/2027“, „März 2027“, „2027-03“), a date („15.03.2027“,
/// „2027-03-15“, a date cell of a spreadsheet) or „Anfang“/„Ende 2027“ is read as its quarter:
/// periods are planned by the quarter.
pub fn parse_period(text: &str) -> Option<PeriodPoint> {
    let lower = text.trim().to_lowercase();
    let spaced: String = lower
        .chars()
        .map(|c| if matches!(c, '-' | '/' | '.') { ' ' } else { c })
        .collect();
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let year_at = tokens
        .iter()
        .position(|t| t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()))?;
    let year = tokens[year_at]
        .parse::<i32>()
        .ok()
        .filter(|y| (1990..=2200).contains(y))?;
    let (before, after) = (&tokens[..year_at], &tokens[year_at.saturating_add(1)..]);
    let rest: Vec<&str> = before.iter().chain(after).copied().collect();
    let (first, last) = match rest.as_slice() {
        [] => (1, 4),
        [t] if t.starts_with('q') => quarter(t)?,
        [t] if t.starts_with('h') => half(t)?,
        [q, "quartal"] => quarter(q)?,
        [h, "halbjahr" | "hj"] => half(h)?,
        ["anfang"] => (1, 1),
        ["ende"] => (4, 4),
        [m] => month(m)?,
        // „15.03.2027“: day and month before the year; „2027-03-15“: after it.
        [d, m] if after.is_empty() => day_of(year, m, d)?,
        [m, d] if before.is_empty() => day_of(year, m, d)?,
        _ => return None,
    };
    Some(PeriodPoint { year, first, last })
}

/// A month by number („03“, „3“) or German name („März“, „Mrz“, „Sept“) → its quarter.
fn month(token: &str) -> Option<(u8, u8)> {
    const NAMES: [&[&str]; 12] = [
        &["januar", "jan", "jänner"],
        &["februar", "feb"],
        &["märz", "maerz", "mär", "mrz"],
        &["april", "apr"],
        &["mai"],
        &["juni", "jun"],
        &["juli", "jul"],
        &["august", "aug"],
        &["september", "sep", "sept"],
        &["oktober", "okt"],
        &["november", "nov"],
        &["dezember", "dez"],
    ];
    let number = if token.len() <= 2 && token.chars().all(|c| c.is_ascii_digit()) {
        token.parse::<u8>().ok()?
    } else {
        let at = NAMES.iter().position(|names| names.contains(&token))?;
        u8::try_from(at).ok()?.checked_add(1)?
    };
    (1..=12).contains(&number).then(|| {
        let q = (number.saturating_add(2) / 3).max(1);
        (q, q)
    })
}

/// A calendar day of `year` („15“, „03“) → its month's quarter; `None` for a day that does not
/// exist (31.02.).
fn day_of(year: i32, month_token: &str, day_token: &str) -> Option<(u8, u8)> {
    let digits = |t: &str| t.len() <= 2 && t.chars().all(|c| c.is_ascii_digit());
    if !digits(month_token) || !digits(day_token) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year, month_token.parse().ok()?, day_token.parse().ok()?)?;
    month(&date.month().to_string())
}

/// „q2“ or (with „Quartal“) „2“ → the quarter's range.
fn quarter(token: &str) -> Option<(u8, u8)> {
    let digit = token.strip_prefix('q').unwrap_or(token);
    let q: u8 = digit.parse().ok()?;
    (1..=4).contains(&q).then_some((q, q))
}

/// „h1“ or (with „Halbjahr“) „1“ → the half-year's quarters.
fn half(token: &str) -> Option<(u8, u8)> {
    match token.strip_prefix('h').unwrap_or(token) {
        "1" => Some((1, 2)),
        "2" => Some((3, 4)),
        _ => None,
    }
}

pub(crate) fn check_period(field: &str, value: &Option<String>) -> Result<()> {
    match value {
        Some(q) if parse_period(q).is_none() => Err(Error::invalid(format!(
            "{field} muss ein Jahr („2027“), ein Halbjahr („2027-H1“, „1. Halbjahr 2027“), ein Quartal („2027-Q2“, „Q2/2027“, „2. Quartal 2027“) oder ein Monat („03/2027“, gilt als sein Quartal) zwischen 1990 und 2200 sein (angegeben: „{q}“)."
        ))),
        _ => Ok(()),
    }
}

/// The German text of a measure's period: "Q2 2027 – 2028", "ab 2026", "bis 2. Hj. 2027",
/// "ohne Zeitraum".
pub fn period_label(start: Option<&str>, end: Option<&str>) -> String {
    let start = start.and_then(parse_period);
    let end = end.and_then(parse_period);
    match (start, end) {
        (Some(s), Some(e)) if s == e => s.label(),
        (Some(s), Some(e)) => format!("{} – {}", s.label(), e.label()),
        (Some(s), None) => format!("ab {}", s.label()),
        (None, Some(e)) if (e.first, e.last) == (1, 4) => format!("bis Ende {}", e.year),
        (None, Some(e)) => format!("bis {}", e.label()),
        (None, None) => "ohne Zeitraum".into(),
    }
}
