//! The room's phones as the core sees them (Abstimmung per Handy): what a room session shows
//! and how the dots counted there arrive in the file. The server itself — HTTP, tokens, PIN,
//! the limits per device — is the `room` crate, used by the desktop shell and the CLI; it
//! changes the project only through these commands and `measures.save_idea`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Reply;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{ProjectFile, Writer};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RoomCommand {
    /// Prepares a room session: the event it counts for (when none is named, a new
    /// „Zukunftswerkstatt“ of `today` is created) and what the phones show.
    Prepare {
        #[ts(optional)]
        #[serde(default)]
        event_id: Option<Uuid>,
        mode: RoomMode,
        /// The day of a new event (JJJJ-MM-TT); today when absent.
        #[ts(optional)]
        #[serde(default)]
        today: Option<String>,
    },
    /// Adds the dots placed (positive) and taken back (negative) on the phones since the last
    /// call. The calls of one `session` continue one change while nothing else was changed in
    /// between, so one undo takes the room's dots back.
    AddDots {
        session: Uuid,
        event_id: Uuid,
        target: RoomTarget,
        dots: Vec<RoomDots>,
    },
}

/// What the room does in a session.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "what")]
#[ts(export)]
pub enum RoomMode {
    /// Collect ideas for one Lebensbereich (moderated on the laptop).
    Collect { life_area_id: Uuid },
    /// Dot vote on the ideas (of one Lebensbereich, or all that are not discarded).
    VoteIdeas {
        #[ts(optional)]
        #[serde(default)]
        life_area_id: Option<Uuid>,
    },
    /// Dot vote on the measures.
    VoteMeasures,
    /// Dot vote on the selected Lebensbereiche (their ranking; Querschnitt is no choice).
    VoteLifeAreas,
}

/// The kind of row a dot counts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RoomTarget {
    Ideas,
    Measures,
    LifeAreas,
}

impl RoomMode {
    /// What the dots of this mode count for; `None` when the room collects ideas.
    pub fn target(self) -> Option<RoomTarget> {
        match self {
            RoomMode::Collect { .. } => None,
            RoomMode::VoteIdeas { .. } => Some(RoomTarget::Ideas),
            RoomMode::VoteMeasures => Some(RoomTarget::Measures),
            RoomMode::VoteLifeAreas => Some(RoomTarget::LifeAreas),
        }
    }
}

/// Dots on one item since the last [`RoomCommand::AddDots`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoomDots {
    pub id: Uuid,
    /// Placed minus taken back; a count never falls below 0.
    pub delta: i32,
}

/// What the phones of a room session see, and the event the session counts for.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RoomPlan {
    pub event_id: Uuid,
    /// „Zukunftswerkstatt, 12.03.2027“.
    pub event_label: String,
    pub mode: RoomMode,
    /// The heading on the phones and the projector: „Ideen für „Bildung““, „Punkte für die
    /// Maßnahmen“ …
    pub heading: String,
    /// A line under the heading (the Lebensbereich's Zielbild when collecting).
    pub intro: String,
    /// The items to vote on (empty when collecting), in the order the phones show them.
    pub items: Vec<RoomItem>,
}

/// One thing the room votes on.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RoomItem {
    pub id: Uuid,
    /// „M-03-02 Digitale Bauakte“, an idea's text, a Lebensbereich's title.
    pub label: String,
    /// The dots it has in the file before the session.
    pub votes: u32,
}

/// What [`RoomCommand::AddDots`] did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RoomDotsResult {
    /// Items that no longer exist in the project (deleted meanwhile): their dots are dropped.
    pub skipped: Vec<Uuid>,
}

/// The most items a vote shows on a phone; a longer list is no vote anyone can read.
pub const MAX_ROOM_ITEMS: usize = 300;

pub(super) fn handle(file: &mut ProjectFile, command: RoomCommand) -> Result<Reply> {
    match command {
        RoomCommand::Prepare {
            event_id,
            mode,
            today,
        } => Ok(Reply::RoomPlan(prepare(file, event_id, mode, today)?)),
        RoomCommand::AddDots {
            session,
            event_id,
            target,
            dots,
        } => {
            file.require::<Event>(event_id)?;
            let label = match target {
                RoomTarget::Ideas => "Punkte per Handy für Ideen",
                RoomTarget::Measures => "Punkte per Handy für Maßnahmen",
                RoomTarget::LifeAreas => "Punkte per Handy für Lebensbereiche",
            };
            let skipped = file.change_continued(label, &session.to_string(), |w| {
                add_dots(w, event_id, target, &dots)
            })?;
            Ok(Reply::RoomDots(RoomDotsResult { skipped }))
        }
    }
}

fn prepare(
    file: &mut ProjectFile,
    event_id: Option<Uuid>,
    mode: RoomMode,
    today: Option<String>,
) -> Result<RoomPlan> {
    let mut areas = file.list::<LifeArea>()?;
    areas.sort_by_key(|a| a.order);
    let area_title = |id: Uuid| {
        areas
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.title.clone())
            .ok_or_else(|| Error::NotFound {
                what: EntityKind::LifeArea.label(),
                id: id.to_string(),
            })
    };
    let (heading, intro, items) = match mode {
        RoomMode::Collect { life_area_id } => {
            let area = file.require::<LifeArea>(life_area_id)?;
            (
                format!("Ideen für „{}“", area.title),
                area.vision,
                Vec::new(),
            )
        }
        RoomMode::VoteIdeas { life_area_id } => {
            let heading = match life_area_id {
                Some(id) => format!("Punkte für die Ideen zu „{}“", area_title(id)?),
                None => "Punkte für die Ideen".to_string(),
            };
            let mut ideas = file.list::<Idea>()?;
            ideas.retain(|i| {
                i.status != IdeaStatus::Verworfen
                    && life_area_id.is_none_or(|a| i.life_area_id == Some(a))
            });
            ideas.sort_by(|a, b| a.text.cmp(&b.text));
            let items = ideas
                .into_iter()
                .map(|i| RoomItem {
                    id: i.id,
                    label: i.text,
                    votes: i.votes,
                })
                .collect();
            (heading, String::new(), items)
        }
        RoomMode::VoteMeasures => {
            let mut measures = file.list::<Measure>()?;
            measures.sort_by_cached_key(|m| m.number_key());
            let votes = file.list::<MeasureVote>()?;
            let items = measures
                .into_iter()
                .map(|m| RoomItem {
                    id: m.id,
                    votes: votes
                        .iter()
                        .filter(|v| v.measure_id == m.id)
                        .fold(0u32, |sum, v| sum.saturating_add(v.votes)),
                    label: format!("{} {}", m.number, m.title),
                })
                .collect();
            ("Punkte für die Maßnahmen".to_string(), String::new(), items)
        }
        RoomMode::VoteLifeAreas => {
            let votes = file.list::<LifeAreaVote>()?;
            let items = areas
                .iter()
                .filter(|a| a.selected && !a.is_cross_cutting())
                .map(|a| RoomItem {
                    id: a.id,
                    label: a.title.clone(),
                    votes: votes
                        .iter()
                        .filter(|v| v.life_area_id == a.id)
                        .fold(0u32, |sum, v| sum.saturating_add(v.votes)),
                })
                .collect();
            (
                "Punkte für die Lebensbereiche".to_string(),
                String::new(),
                items,
            )
        }
    };
    if items.len() > MAX_ROOM_ITEMS {
        return Err(Error::invalid(format!(
            "Für eine Abstimmung per Handy sind es {} Einträge – höchstens {MAX_ROOM_ITEMS} lassen \
             sich auf einem Handy lesen. Bitte auf einen Lebensbereich eingrenzen.",
            items.len()
        )));
    }
    if mode.target().is_some() && items.is_empty() {
        return Err(Error::invalid(
            "Es gibt nichts, worüber abgestimmt werden kann: bitte zuerst Ideen, Maßnahmen oder \
             Lebensbereiche erfassen.",
        ));
    }
    let event = match event_id {
        Some(id) => file.require::<Event>(id)?,
        None => {
            let day = match today {
                Some(text) => crate::model::parse_date(&text)?,
                None => chrono::Local::now().date_naive(),
            };
            let event = Event {
                title: "Zukunftswerkstatt (Abstimmung per Handy)".to_string(),
                date: EventDate::parse(&day.format("%Y-%m-%d").to_string()),
                format: EventFormat::Zukunftswerkstatt,
                ..Event::default()
            };
            super::save(file, event)?
        }
    };
    let event_label = match event.date {
        Some(date) => format!("{}, {}", event.title, date.label()),
        None => event.title.clone(),
    };
    Ok(RoomPlan {
        event_id: event.id,
        event_label,
        mode,
        heading,
        intro,
        items,
    })
}

/// Adds the dots to the counts of `target` at `event_id`; returns the items that do not exist.
fn add_dots(
    w: &mut Writer,
    event_id: Uuid,
    target: RoomTarget,
    dots: &[RoomDots],
) -> Result<Vec<Uuid>> {
    let counted = |votes: u32, delta: i32| -> u32 {
        let sum = i64::from(votes).saturating_add(i64::from(delta));
        u32::try_from(sum.clamp(0, i64::from(MAX_VOTES))).unwrap_or(0)
    };
    let mut skipped = Vec::new();
    for d in dots.iter().filter(|d| d.delta != 0) {
        match target {
            RoomTarget::Ideas => match w.get::<Idea>(d.id)? {
                Some(idea) => {
                    let votes = counted(idea.votes, d.delta);
                    w.put(Idea { votes, ..idea })?;
                }
                None => skipped.push(d.id),
            },
            RoomTarget::Measures => {
                if w.get::<Measure>(d.id)?.is_none() {
                    skipped.push(d.id);
                    continue;
                }
                let id = derived_id(&[d.id, event_id]);
                let before = w.get::<MeasureVote>(id)?.map(|v| v.votes).unwrap_or(0);
                w.put(MeasureVote {
                    id,
                    measure_id: d.id,
                    event_id,
                    votes: counted(before, d.delta),
                })?;
            }
            RoomTarget::LifeAreas => {
                if w.get::<LifeArea>(d.id)?.is_none() {
                    skipped.push(d.id);
                    continue;
                }
                // The row the window writes for the same area and event (`set_votes`).
                let existing = w
                    .list_where::<LifeAreaVote>(|v| {
                        v.life_area_id == d.id && v.event_id == event_id
                    })?
                    .into_iter()
                    .next();
                let vote = existing.unwrap_or(LifeAreaVote {
                    id: derived_id(&[d.id, event_id]),
                    life_area_id: d.id,
                    event_id,
                    votes: 0,
                });
                let votes = counted(vote.votes, d.delta);
                w.put(LifeAreaVote { votes, ..vote })?;
            }
        }
    }
    Ok(skipped)
}
