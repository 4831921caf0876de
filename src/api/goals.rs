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
    /// `plan_key`), as one change.
    AddPlan,
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
/// change; refused without a Projektbeginn, or when every step is there. A step deleted before
/// comes back as the same row.
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
    if missing.is_empty() {
        return Err(Error::invalid(
            "Alle Schritte des Zehn-Monats-Plans stehen schon im Zeitplan.",
        ));
    }
    file.change(
        &format!("Zehn-Monats-Plan angelegt ({} Termine)", missing.len()),
        |w| missing.into_iter().try_for_each(|t| w.put(t).map(|_| ())),
    )
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
