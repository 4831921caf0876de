//! Commands of Baustein 1 – Projektziele und Zeitplanung.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{check_deletable, save, Patch, Reply};
use crate::charts::{self, Chart};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::ProjectFile;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GoalsCommand {
    Get,
    SaveGoal(#[ts(as = "Goal")] Patch<Goal>),
    SaveTimelineEntry(#[ts(as = "TimelineEntry")] Patch<TimelineEntry>),
    SaveStakeholder(#[ts(as = "Stakeholder")] Patch<Stakeholder>),
    SaveEvent(#[ts(as = "Event")] Patch<Event>),
    /// Puts the catalogue's Zehn-Monats-Plan into the timeline from the profile's
    /// Projektbeginn, for a project begun without one: the steps not already there (by their
    /// `plan_key`), as one change; nothing when all are there.
    AddPlan,
    /// Moves the open (not done) steps of the Zehn-Monats-Plan by `days` (negative: earlier),
    /// as one change: what the window offers when the Projektbeginn moves. Own entries and
    /// done steps stay where they are.
    ShiftPlan {
        days: i32,
    },
    Delete {
        kind: EntityKind,
        id: Uuid,
    },
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct GoalsView {
    /// What a command that wrote rows adds to the view (the saved row's id, the change note).
    #[serde(flatten)]
    pub written: super::Written,
    pub profile: Profile,
    /// What `profile.district` is called for this kind of municipality ("Landkreis" …).
    pub district_label: String,
    pub goals: Vec<Goal>,
    /// Sorted by start date (undated entries last).
    pub timeline: Vec<TimelineEntry>,
    /// Whether some step of the Zehn-Monats-Plan is in the timeline; without one the window
    /// offers to add the plan (`GoalsCommand::AddPlan`).
    pub has_plan: bool,
    /// Entries past their date and not done (`TimelineEntry::is_overdue`, today's date).
    pub overdue: Vec<uuid::Uuid>,
    pub timeline_chart: Chart,
    pub stakeholders: Vec<Stakeholder>,
    /// Sorted by date.
    pub events: Vec<Event>,
}

pub(super) fn handle(file: &mut ProjectFile, command: GoalsCommand) -> Result<Reply> {
    let saved = match command {
        GoalsCommand::Get => None,
        GoalsCommand::SaveGoal(g) => Some(save(file, g.resolve(file)?)?.id),
        GoalsCommand::SaveTimelineEntry(t) => Some(save(file, t.resolve(file)?)?.id),
        GoalsCommand::SaveStakeholder(s) => Some(save(file, s.resolve(file)?)?.id),
        GoalsCommand::SaveEvent(e) => Some(save(file, e.resolve(file)?)?.id),
        GoalsCommand::AddPlan => {
            add_plan(file)?;
            None
        }
        GoalsCommand::ShiftPlan { days } => {
            shift_plan(file, days)?;
            None
        }
        GoalsCommand::Delete { kind, id } => {
            check_deletable(kind, 1)?;
            file.change(&format!("{} gelöscht", kind.label()), |w| {
                if kind == EntityKind::Goal {
                    // The goal's indicators and their values go with it.
                    for k in w.list_where::<Kpi>(|k| k.goal_id == Some(id))? {
                        for v in w.list_where::<KpiValue>(|v| v.kpi_id == k.id)? {
                            w.delete(EntityKind::KpiValue, v.id)?;
                        }
                        w.delete(EntityKind::Kpi, k.id)?;
                    }
                }
                if kind == EntityKind::Event {
                    // Votes and idea links of the event go with it.
                    for vote in w.list_where::<LifeAreaVote>(|v| v.event_id == id)? {
                        w.delete(EntityKind::LifeAreaVote, vote.id)?;
                    }
                    for vote in w.list_where::<MeasureVote>(|v| v.event_id == id)? {
                        w.delete(EntityKind::MeasureVote, vote.id)?;
                    }
                    for mut idea in w.list_where::<Idea>(|i| i.event_id == Some(id))? {
                        idea.event_id = None;
                        w.put(idea)?;
                    }
                }
                w.delete(kind, id)
            })?;
            None
        }
    };
    Ok(Reply::Goals(GoalsView {
        written: super::Written::saved(saved),
        ..view(file)?
    }))
}

/// The catalogue's plan steps from the Projektbeginn that the timeline lacks, written as one
/// change; refused without a Projektbeginn. With every step there it writes nothing. A step
/// added here and deleted later comes back as the same row.
fn add_plan(file: &mut ProjectFile) -> Result<()> {
    let Some(start) = super::project::profile(file)?.start_date else {
        return Err(Error::invalid(
            "Für den Zehn-Monats-Plan bitte zuerst den Projektbeginn im Profil eintragen.",
        ));
    };
    let present: std::collections::HashSet<String> = file
        .list::<TimelineEntry>()?
        .into_iter()
        .map(|t| t.plan_key)
        .filter(|k| !k.is_empty())
        .collect();
    let catalog = super::project::catalog_of(file)?;
    if catalog.plan.is_empty() {
        return Err(Error::invalid(
            "Der Katalog dieses Projekts enthält keinen Zehn-Monats-Plan.",
        ));
    }
    // Each step's id comes from the project and the step, so two copies that both add the plan
    // meet as the same rows when merged instead of giving the timeline every step twice.
    let project = file
        .meta("project_id")?
        .and_then(|p| Uuid::parse_str(&p).ok());
    let missing: Vec<TimelineEntry> = crate::catalog::plan_entries(&catalog, start)?
        .into_iter()
        .filter(|t| !present.contains(&t.plan_key))
        .map(|t| TimelineEntry {
            id: project.map_or(Uuid::nil(), |p| {
                derived_id(&[p, Uuid::new_v5(&Uuid::NAMESPACE_OID, t.plan_key.as_bytes())])
            }),
            ..t
        })
        .collect();
    // Every step there: nothing to do, nothing written (a command file may say it again).
    if missing.is_empty() {
        return Ok(());
    }
    file.change(
        &format!(
            "Zehn-Monats-Plan angelegt ({})",
            crate::analysis::count_of(missing.len(), "Termin", "Termine")
        ),
        |w| missing.into_iter().try_for_each(|t| w.put(t).map(|_| ())),
    )
}

/// Moves the open steps of the plan by `days`; a date that would leave the allowed range
/// refuses the whole move.
fn shift_plan(file: &mut ProjectFile, days: i32) -> Result<()> {
    if days == 0 {
        return Err(Error::invalid(
            "Um 0 Tage verschoben bleibt der Zeitplan, wie er ist.",
        ));
    }
    let by = chrono::Duration::days(i64::from(days));
    let moved = |d: Option<chrono::NaiveDate>| -> Result<Option<chrono::NaiveDate>> {
        d.map(|d| {
            d.checked_add_signed(by).ok_or_else(|| {
                Error::invalid("Der verschobene Termin läge außerhalb jedes Kalenders.")
            })
        })
        .transpose()
    };
    let open: Vec<TimelineEntry> = file
        .list::<TimelineEntry>()?
        .into_iter()
        .filter(|t| !t.plan_key.is_empty() && t.status != TimelineStatus::Erledigt)
        .map(|t| {
            Ok(TimelineEntry {
                start: moved(t.start)?,
                end: moved(t.end)?,
                ..t
            })
        })
        .collect::<Result<_>>()?;
    if open.is_empty() {
        return Err(Error::invalid(
            "Kein offener Termin des Zehn-Monats-Plans zu verschieben.",
        ));
    }
    let label = format!(
        "Zeitplan um {} {} {} verschoben ({})",
        days.unsigned_abs(),
        if days.unsigned_abs() == 1 {
            "Tag"
        } else {
            "Tage"
        },
        if days > 0 { "nach hinten" } else { "nach vorn" },
        crate::analysis::count_of(open.len(), "Termin", "Termine")
    );
    // Each row is validated as it is written (dates within 1900–2200): one bad date, no move.
    file.change(&label, |w| {
        open.into_iter().try_for_each(|t| w.put(t).map(|_| ()))
    })
}

pub(super) fn view(file: &ProjectFile) -> Result<GoalsView> {
    let mut goals = file.list::<Goal>()?;
    goals.sort_by_key(|g| g.order);
    let mut timeline = file.list::<TimelineEntry>()?;
    timeline.sort_by_key(|t| (t.start.is_none(), t.start));
    let mut events = file.list::<Event>()?;
    events.sort_by_key(Event::date_order);
    let profile = super::project::profile(file)?;
    Ok(GoalsView {
        written: super::Written::default(),
        district_label: profile.kind.district_label().to_string(),
        profile,
        goals,
        timeline_chart: charts::timeline(&timeline),
        overdue: {
            let today = chrono::Local::now().date_naive();
            timeline
                .iter()
                .filter(|t| t.is_overdue(today))
                .map(|t| t.id)
                .collect()
        },
        has_plan: timeline.iter().any(|t| !t.plan_key.is_empty()),
        timeline,
        stakeholders: file.list::<Stakeholder>()?,
        events,
    })
}
