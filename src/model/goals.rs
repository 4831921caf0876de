//! Baustein 1 – Projektziele und Zeitplanung: goals, the timeline, stakeholders and events.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;
use uuid::Uuid;

use super::{check_count, check_date, check_range, check_required, check_year, choices, entity};
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Goal {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    /// How the goal is measured, e.g. "Anteil online beantragbarer Leistungen".
    pub indicator: String,
    pub target_value: String,
    pub order: i32,
}

entity!(Goal, Goal, |g| {
    check_required("Der Titel des Ziels", &g.title)
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TimelineKind {
    #[default]
    Phase,
    Milestone,
    Workshop,
    CouncilSession,
}

choices!(TimelineKind {
    Phase => "Phase",
    Milestone => "Meilenstein",
    Workshop => "Workshop",
    CouncilSession => "Gemeinderat",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TimelineStatus {
    #[default]
    Geplant,
    Laufend,
    Erledigt,
    Verschoben,
}

choices!(TimelineStatus {
    Geplant => "geplant",
    Laufend => "laufend",
    Erledigt => "erledigt",
    Verschoben => "verschoben",
});

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct TimelineEntry {
    pub id: Uuid,
    pub kind: TimelineKind,
    pub title: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub place: String,
    pub status: TimelineStatus,
    /// The Baustein (1–5) this entry belongs to, if any.
    pub baustein: Option<u8>,
    /// Key of the ten-month plan step it was created from (empty for own entries).
    pub plan_key: String,
}

impl TimelineEntry {
    /// Past its end (or its start, when it has no end) on `today` and not done: the window
    /// marks it „überfällig“. A postponed entry is overdue too: it needs a new date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status != TimelineStatus::Erledigt
            && self.end.or(self.start).is_some_and(|d| d < today)
    }
}

entity!(TimelineEntry, TimelineEntry, |t| {
    check_required("Der Titel des Termins", &t.title)?;
    check_range("Der Baustein", t.baustein, 1, 5)?;
    check_date("Der Beginn des Termins", t.start)?;
    check_date("Das Ende des Termins", t.end)?;
    if let (Some(s), Some(e)) = (t.start, t.end) {
        if e < s {
            return Err(Error::invalid(format!(
                "Das Ende ({}) liegt vor dem Beginn ({}).",
                e.format("%d.%m.%Y"),
                s.format("%d.%m.%Y")
            )));
        }
    }
    Ok(())
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StakeholderGroup {
    #[default]
    Verwaltung,
    Gemeinderat,
    Buergerschaft,
    Wirtschaft,
    Bildung,
    Vereine,
    Jugend,
    Senioren,
    Extern,
}

choices!(StakeholderGroup {
    Verwaltung => "Verwaltung",
    Gemeinderat => "Gemeinderat",
    Buergerschaft => "Bürgerschaft",
    Wirtschaft => "Wirtschaft",
    Bildung => "Bildung",
    Vereine => "Vereine",
    Jugend => "Jugend",
    Senioren => "Senioren",
    Extern => "Extern",
});

/// A role in the process. Names and contacts are optional personal data: printed only when `public`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Stakeholder {
    pub id: Uuid,
    pub role: String,
    pub organisation: String,
    pub group: StakeholderGroup,
    pub steering_group: bool,
    pub name: String,
    pub contact: String,
    pub public: bool,
}

entity!(Stakeholder, Stakeholder, |s| {
    check_required("Die Rolle", &s.role)
});

impl Stakeholder {
    /// The personal data of a row: blanked in a copy sent without personal data (rows and
    /// journal), restored from the own copy when such a copy is merged back.
    pub const PERSONAL_FIELDS: [&'static str; 2] = ["name", "contact"];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EventFormat {
    Ratssitzung,
    Auftaktveranstaltung,
    Verwaltungsworkshop,
    #[default]
    Zukunftswerkstatt,
    Jugendforum,
    Massnahmenworkshop,
    Lenkungsgruppe,
    Umfrage,
    Sonstiges,
}

choices!(EventFormat {
    Ratssitzung => "Ratssitzung",
    Auftaktveranstaltung => "Auftaktveranstaltung",
    Verwaltungsworkshop => "Verwaltungsworkshop",
    Zukunftswerkstatt => "Zukunftswerkstatt",
    Jugendforum => "Jugendforum",
    Massnahmenworkshop => "Maßnahmenworkshop",
    Lenkungsgruppe => "Lenkungsgruppe",
    Umfrage => "Umfrage",
    Sonstiges => "Sonstiges",
});

/// A held event; participants are a count, never a list of people.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Event {
    pub id: Uuid,
    pub title: String,
    /// A day, or only the month when the minutes do not say more (`2021-10`).
    #[ts(type = "string | null")]
    pub date: Option<EventDate>,
    pub format: EventFormat,
    pub participants: Option<u32>,
    pub minutes: String,
}

/// The most participants one event may count; more is a typo.
pub const MAX_PARTICIPANTS: u32 = 1_000_000;

impl Event {
    /// The order events are shown and printed in: by date, those without a date after them
    /// (the report listed them first).
    pub fn date_order(&self) -> (bool, Option<EventDate>) {
        (self.date.is_none(), self.date)
    }
}

entity!(Event, Event, |e| {
    check_required("Der Titel der Veranstaltung", &e.title)?;
    check_year("Das Jahr der Veranstaltung", e.date.map(|d| d.year))?;
    check_count(
        "Die Zahl der Teilnehmenden",
        e.participants,
        MAX_PARTICIPANTS,
    )
});

/// The date of an event as the records give it: a day (`2021-10-13`) or only a month
/// (`2021-10`). Stored as that text; ordered by year, month, then day (a month before its days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventDate {
    year: i32,
    month: u32,
    day: Option<u32>,
}

const MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

impl EventDate {
    /// Only the month of `year`; `None` when the month is not 1–12.
    pub fn month_of(year: i32, month: u32) -> Option<EventDate> {
        (1..=12).contains(&month).then_some(EventDate {
            year,
            month,
            day: None,
        })
    }

    /// Reads `JJJJ-MM-TT` or `JJJJ-MM`.
    pub fn parse(text: &str) -> Option<EventDate> {
        let text = text.trim();
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(day.into());
        }
        let (year, month) = text.split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        EventDate::month_of(year.parse().ok()?, month.parse().ok()?)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// The day, or the first of the month when only the month is known.
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, self.day.unwrap_or(1))
    }

    /// Whether the day is known.
    pub fn has_day(self) -> bool {
        self.day.is_some()
    }

    /// German form: „13.10.2021“ or „Oktober 2021“.
    pub fn label(self) -> String {
        match self.day {
            Some(d) => format!("{d:02}.{:02}.{}", self.month, self.year),
            None => match (self.month as usize)
                .checked_sub(1)
                .and_then(|i| MONTHS.get(i))
            {
                Some(month) => format!("{month} {}", self.year),
                None => format!("{:02}/{}", self.month, self.year),
            },
        }
    }
}

impl From<NaiveDate> for EventDate {
    fn from(d: NaiveDate) -> Self {
        EventDate {
            year: d.year(),
            month: d.month(),
            day: Some(d.day()),
        }
    }
}

impl std::fmt::Display for EventDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{d:02}", self.year, self.month),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

impl Serialize for EventDate {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EventDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        EventDate::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "„{text}“ ist kein Datum (erwartet JJJJ-MM-TT oder nur den Monat JJJJ-MM)"
            ))
        })
    }
}

/// Validation helper shared by views: an ISO date parsed from user text with a German message.
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        Error::invalid(format!(
            "„{text}“ ist kein gültiges Datum (erwartet JJJJ-MM-TT)."
        ))
    })
}
