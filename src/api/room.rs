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
    /// Writes the paper fallback as a PDF to `path`: per Lebensbereich (one, or every selected
    /// one) numbered idea cards and dot-vote sheets for its ideas and measures, then one for the
    /// Lebensbereiche. The numbers are the items' `number`s, so counted dots are typed back
    /// with `add_dots`. Writes nothing into the project.
    PrintSheets {
        path: String,
        #[ts(optional)]
        #[serde(default)]
        life_area_id: Option<Uuid>,
        /// Idea cards per Lebensbereich (6 per page; 12 when absent).
        #[ts(optional)]
        #[serde(default)]
        cards: Option<u32>,
        /// The date in the PDF's metadata (JJJJ-MM-TT); today when absent.
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
    /// Its number on the printed sheet and in the entry of counted dots: „3“ (the third idea),
    /// „M-03-02“, „LB03“.
    pub number: String,
    /// An idea's text, a measure's or Lebensbereich's title.
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

/// The most idea cards per Lebensbereich on the printed sheets.
pub const MAX_CARDS: u32 = 120;

/// What `room.print_sheets` wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PrintedSheets {
    pub path: String,
    pub pages: usize,
    /// Characters the fonts cannot show, replaced visibly.
    pub warnings: Vec<String>,
}

/// `sheets.json` of the printed sheets.
#[derive(Serialize)]
struct Sheets {
    municipality: String,
    cards: u32,
    areas: Vec<SheetArea>,
    /// The Lebensbereiche to rank (when every area is printed).
    ranking: Vec<SheetItem>,
}

#[derive(Serialize)]
struct SheetArea {
    code: String,
    title: String,
    vision: String,
    ideas: Vec<SheetItem>,
    measures: Vec<SheetItem>,
}

#[derive(Serialize)]
struct SheetItem {
    number: String,
    label: String,
}

impl From<RoomItem> for SheetItem {
    fn from(i: RoomItem) -> SheetItem {
        SheetItem {
            number: i.number,
            label: i.label,
        }
    }
}

pub(super) fn handle(file: &mut ProjectFile, command: RoomCommand) -> Result<Reply> {
    match command {
        RoomCommand::Prepare {
            event_id,
            mode,
            today,
        } => Ok(Reply::RoomPlan(prepare(file, event_id, mode, today)?)),
        RoomCommand::PrintSheets {
            path,
            life_area_id,
            cards,
            today,
        } => Ok(Reply::RoomSheets(print_sheets(
            file,
            &path,
            life_area_id,
            cards,
            today,
        )?)),
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
    let Shown {
        heading,
        intro,
        items,
    } = shown(file, mode)?;
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

fn print_sheets(
    file: &ProjectFile,
    path: &str,
    life_area_id: Option<Uuid>,
    cards: Option<u32>,
    today: Option<String>,
) -> Result<PrintedSheets> {
    let target = std::path::Path::new(path);
    super::target::check_target(
        file,
        target,
        "Die Datei mit den Bögen",
        super::target::FileKind::Pdf,
    )?;
    let cards = cards.unwrap_or(12);
    if !(1..=MAX_CARDS).contains(&cards) {
        return Err(Error::invalid(format!(
            "Ideenkarten je Lebensbereich: 1 bis {MAX_CARDS}."
        )));
    }
    let day = match today {
        Some(text) => crate::model::parse_date(&text)?,
        None => chrono::Local::now().date_naive(),
    };
    let mut areas = file.list::<LifeArea>()?;
    areas.sort_by_key(|a| a.order);
    let chosen: Vec<LifeArea> = match life_area_id {
        Some(id) => vec![file.require::<LifeArea>(id)?],
        None => areas.iter().filter(|a| a.selected).cloned().collect(),
    };
    if chosen.is_empty() {
        return Err(Error::invalid(
            "Es ist kein Lebensbereich ausgewählt; die Bögen gehören zu den Lebensbereichen \
             (Baustein 3).",
        ));
    }
    let measures = file.list::<Measure>()?;
    let all_measures = shown(file, RoomMode::VoteMeasures)?.items;
    let mut sheet_areas = Vec::with_capacity(chosen.len());
    for area in chosen {
        let ideas = shown(
            file,
            RoomMode::VoteIdeas {
                life_area_id: Some(area.id),
            },
        )?
        .items;
        let of_area: Vec<SheetItem> = all_measures
            .iter()
            .filter(|i| {
                measures
                    .iter()
                    .find(|m| m.id == i.id)
                    .is_some_and(|m| area.holds(m, &areas))
            })
            .cloned()
            .map(SheetItem::from)
            .collect();
        sheet_areas.push(SheetArea {
            code: area.code,
            title: area.title,
            vision: area.vision,
            ideas: ideas.into_iter().map(SheetItem::from).collect(),
            measures: of_area,
        });
    }
    let ranking = match life_area_id {
        Some(_) => Vec::new(),
        None => shown(file, RoomMode::VoteLifeAreas)?
            .items
            .into_iter()
            .map(SheetItem::from)
            .collect(),
    };
    let municipality = super::project::profile(file)?.name;
    let sheets = Sheets {
        municipality: municipality.clone(),
        cards,
        areas: sheet_areas,
        ranking,
    };
    let rendered = crate::report::render_sheets(&sheets, day, &municipality)?;
    crate::durable::write_atomically(target, &rendered.pdf)?;
    Ok(PrintedSheets {
        path: path.to_string(),
        pages: rendered.pages,
        warnings: rendered.warnings,
    })
}

/// What a mode shows: heading, intro and the items with their numbers.
struct Shown {
    heading: String,
    intro: String,
    items: Vec<RoomItem>,
}

/// The items of a mode in the order phones, the printed sheets and the entry of counted dots
/// share: ideas in the order they were captured (a new idea comes last, so the numbers on a
/// printed sheet stay), measures by number, Lebensbereiche in their order.
fn shown(file: &ProjectFile, mode: RoomMode) -> Result<Shown> {
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
    let sum = |votes: &mut dyn Iterator<Item = u32>| votes.fold(0u32, u32::saturating_add);
    Ok(match mode {
        RoomMode::Collect { life_area_id } => {
            let area = file.require::<LifeArea>(life_area_id)?;
            Shown {
                heading: format!("Ideen für „{}“", area.title),
                intro: area.vision,
                items: Vec::new(),
            }
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
            // UUID v7: the order of capture.
            ideas.sort_by_key(|i| i.id);
            let items = ideas
                .into_iter()
                .enumerate()
                .map(|(n, i)| RoomItem {
                    id: i.id,
                    number: n.saturating_add(1).to_string(),
                    label: i.text,
                    votes: i.votes,
                })
                .collect();
            Shown {
                heading,
                intro: String::new(),
                items,
            }
        }
        RoomMode::VoteMeasures => {
            let mut measures = file.list::<Measure>()?;
            measures.sort_by_cached_key(|m| m.number_key());
            let votes = file.list::<MeasureVote>()?;
            let items = measures
                .into_iter()
                .map(|m| RoomItem {
                    id: m.id,
                    votes: sum(&mut votes
                        .iter()
                        .filter(|v| v.measure_id == m.id)
                        .map(|v| v.votes)),
                    number: m.number,
                    label: m.title,
                })
                .collect();
            Shown {
                heading: "Punkte für die Maßnahmen".to_string(),
                intro: String::new(),
                items,
            }
        }
        RoomMode::VoteLifeAreas => {
            let votes = file.list::<LifeAreaVote>()?;
            let items = areas
                .iter()
                .filter(|a| a.selected && !a.is_cross_cutting())
                .map(|a| RoomItem {
                    id: a.id,
                    number: a.code.clone(),
                    label: a.title.clone(),
                    votes: sum(&mut votes
                        .iter()
                        .filter(|v| v.life_area_id == a.id)
                        .map(|v| v.votes)),
                })
                .collect();
            Shown {
                heading: "Punkte für die Lebensbereiche".to_string(),
                intro: String::new(),
                items,
            }
        }
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
