//! Commands of Baustein 3 – Festlegung der Lebensbereiche.

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
pub enum LifeAreasCommand {
    Get,
    /// Saves an area; a new custom area gets the next free code ("LB13", …).
    SaveLifeArea(#[ts(as = "LifeArea")] Patch<LifeArea>),
    /// Sets the dot-vote total of one area at one event (0 clears it).
    SetVotes {
        life_area_id: Uuid,
        event_id: Uuid,
        votes: u32,
    },
    Delete {
        kind: EntityKind,
        id: Uuid,
    },
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LifeAreaView {
    pub area: LifeArea,
    pub votes: Vec<LifeAreaVote>,
    pub votes_total: u32,
    /// Rank by total votes among all areas (1 = most votes).
    pub rank: u32,
    pub measures: usize,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LifeAreasView {
    /// What a command that wrote rows adds to the view (the saved row's id, the change note).
    #[serde(flatten)]
    pub written: super::Written,
    pub areas: Vec<LifeAreaView>,
    /// Events that votes can be entered for.
    pub events: Vec<Event>,
    /// Votes per area (areas with votes), highest first.
    pub ranking: Chart,
}

pub(super) fn handle(file: &mut ProjectFile, command: LifeAreasCommand) -> Result<Reply> {
    let saved = match command {
        LifeAreasCommand::Get => None,
        LifeAreasCommand::SaveLifeArea(area) => {
            let mut area = area.resolve(file)?;
            if area.id.is_nil() && area.code.trim().is_empty() {
                area.code = next_custom_code(&file.list::<LifeArea>()?);
            }
            if area.id.is_nil() && area.order == 0 {
                area.order = file.count(EntityKind::LifeArea)? as i32;
            }
            Some(save(file, area)?.id)
        }
        LifeAreasCommand::SetVotes {
            life_area_id,
            event_id,
            votes,
        } => {
            file.require::<LifeArea>(life_area_id)?;
            file.require::<Event>(event_id)?;
            let vote = file.change("Stimmen eingetragen", |w| {
                let existing = w.list_where::<LifeAreaVote>(|v| {
                    v.life_area_id == life_area_id && v.event_id == event_id
                })?;
                match existing.into_iter().next() {
                    Some(v) => w.put(LifeAreaVote { votes, ..v }),
                    None => w.put(LifeAreaVote {
                        id: crate::model::derived_id(&[life_area_id, event_id]),
                        life_area_id,
                        event_id,
                        votes,
                    }),
                }
            })?;
            Some(vote.id)
        }
        LifeAreasCommand::Delete { kind, id } => {
            check_deletable(kind, 3)?;
            if kind == EntityKind::LifeArea {
                let n = file
                    .list::<Measure>()?
                    .iter()
                    .filter(|m| m.life_area_id == Some(id))
                    .count();
                if n > 0 {
                    return Err(Error::invalid(format!(
                        "Dem Lebensbereich sind noch {n} Maßnahmen zugeordnet; bitte diese zuerst einem anderen Bereich zuordnen."
                    )));
                }
            }
            file.change(&format!("{} gelöscht", kind.label()), |w| {
                if kind == EntityKind::LifeArea {
                    for v in w.list_where::<LifeAreaVote>(|v| v.life_area_id == id)? {
                        w.delete(EntityKind::LifeAreaVote, v.id)?;
                    }
                    for mut idea in w.list_where::<Idea>(|i| i.life_area_id == Some(id))? {
                        idea.life_area_id = None;
                        w.put(idea)?;
                    }
                }
                w.delete(kind, id)
            })?;
            None
        }
    };
    Ok(Reply::LifeAreas(LifeAreasView {
        written: super::Written::saved(saved),
        ..view(file)?
    }))
}

/// "LB13", "LB14" … after the highest LB number in use.
pub(super) fn next_custom_code(areas: &[LifeArea]) -> String {
    let max = areas
        .iter()
        .filter_map(|a| a.code.strip_prefix("LB")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("LB{:02}", max.saturating_add(1))
}

pub(super) fn view(file: &ProjectFile) -> Result<LifeAreasView> {
    let mut areas = file.list::<LifeArea>()?;
    areas.sort_by_key(|a| a.order);
    let votes = file.list::<LifeAreaVote>()?;
    let measures = file.list::<Measure>()?;
    let mut events = file.list::<Event>()?;
    events.sort_by_key(Event::date_order);
    let mut views: Vec<LifeAreaView> = areas
        .iter()
        .map(|area| {
            let area_votes: Vec<LifeAreaVote> = votes
                .iter()
                .filter(|v| v.life_area_id == area.id)
                .cloned()
                .collect();
            LifeAreaView {
                votes_total: area_votes.iter().map(|v| v.votes).sum(),
                votes: area_votes,
                rank: 0,
                measures: measures.iter().filter(|m| area.holds(m, &areas)).count(),
                area: area.clone(),
            }
        })
        .collect();
    let mut totals: Vec<u32> = views.iter().map(|v| v.votes_total).collect();
    totals.sort_unstable_by(|a, b| b.cmp(a));
    for v in &mut views {
        let above = totals.iter().position(|t| *t == v.votes_total).unwrap_or(0);
        v.rank = u32::try_from(above).unwrap_or(u32::MAX).saturating_add(1);
    }
    let voted: Vec<(String, u32)> = views
        .iter()
        .filter(|v| v.votes_total > 0)
        .map(|v| (v.area.title.clone(), v.votes_total))
        .collect();
    Ok(LifeAreasView {
        written: super::Written::default(),
        areas: views,
        events,
        ranking: charts::ranking(&voted),
    })
}
