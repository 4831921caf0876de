//! The timeline as a calendar (icalendar): workshops, council sessions and milestones with a date
//! become all-day events for Outlook and Thunderbird. The UID is the entry's id, so importing a
//! newer export updates the events instead of adding them twice; DTSTAMP is the project's date.

use chrono::{Days, NaiveDate};
use icalendar::{Calendar, Component, Event, EventLike};

use super::ExportData;
use crate::model::{Choice, TimelineEntry, TimelineKind, TimelineStatus};

/// The kinds of timeline entries a municipality puts into its calendars (phases are spans of
/// work, not appointments).
pub const CALENDAR_KINDS: [TimelineKind; 3] = [
    TimelineKind::Workshop,
    TimelineKind::CouncilSession,
    TimelineKind::Milestone,
];

/// Whether the entry becomes an event of the calendar: a workshop, council session or
/// milestone with a date.
pub fn is_calendar_event(t: &TimelineEntry) -> bool {
    t.start.is_some() && CALENDAR_KINDS.contains(&t.kind)
}

/// The calendar as iCalendar text (CRLF lines, folded by the crate). Refused when it would hold
/// no event: an empty calendar imported into Outlook looks like a failed import.
pub fn calendar(data: &ExportData) -> crate::error::Result<String> {
    if !data.goals.timeline.iter().any(is_calendar_event) {
        return Err(crate::error::Error::invalid(
            "Der Kalender wäre leer: Es gibt noch keinen Workshop, keine Gemeinderatssitzung und keinen Meilenstein mit Datum. Bitte zuerst im Baustein 1 einen Termin mit Datum eintragen.",
        ));
    }
    let stamp = data.date.and_time(chrono::NaiveTime::MIN).and_utc();
    let mut cal = Calendar::new();
    cal.name(&format!("Digitalisierungsstrategie {}", data.profile.name))
        .timezone("Europe/Berlin");
    for t in data.goals.timeline.iter().filter(|t| is_calendar_event(t)) {
        let Some(start) = t.start else { continue };
        // All-day events end on the day after their last day (RFC 5545, DTEND is exclusive).
        let last = t.end.filter(|e| *e >= start).unwrap_or(start);
        let end: NaiveDate = last.checked_add_days(Days::new(1)).unwrap_or(last);
        let mut description = format!(
            "{} – Digitalisierungsstrategie {}. {}",
            t.kind.label(),
            data.profile.name,
            status_sentence(t, data.date)
        );
        if let Some(b) = t.baustein {
            description.push_str(&format!(" Baustein {b}."));
        }
        let mut event = Event::new();
        event
            .uid(&format!("{}@zukunftskommune", t.id))
            .timestamp(stamp)
            .summary(&t.title)
            .description(&description)
            .starts(start)
            .ends(end);
        if !t.place.trim().is_empty() {
            event.location(&t.place);
        }
        cal.push(event.done());
    }
    Ok(cal.done().to_string())
}

/// The entry's status as the window shows it on the project's date: a past date that was never
/// marked done reads as such, not as „geplant“ (the timeline of a real strategy imported after
/// the fact keeps its entries „geplant“).
fn status_sentence(t: &TimelineEntry, date: NaiveDate) -> String {
    if !t.is_overdue(date) {
        return format!("Status: {}.", t.status.label());
    }
    let stand = date.format("%d.%m.%Y");
    match t.status {
        TimelineStatus::Verschoben => {
            format!("Status (Stand {stand}): verschoben, noch ohne neuen Termin.")
        }
        _ => format!(
            "Status (Stand {stand}): Datum vorbei, im Zeitplan noch nicht als erledigt vermerkt."
        ),
    }
}
