//! A room session for the open project, as the desktop shell and `zukunft room` run it: the
//! plan comes from the core (`room.prepare`), the dots go in through `room.add_dots`, an
//! accepted idea through `measures.save_idea` — the one journaled path, like any edit.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;
use uuid::Uuid;
use zukunftskommune::api::{
    MeasuresCommand, RoomCommand, RoomDots, RoomMode, RoomPlan, RoomTarget,
};
use zukunftskommune::model::Idea;
use zukunftskommune::{dispatch_shared, Command, Reply, Session};

use crate::{Limits, Mode, Recorder, Room, RoomSetup, RoomStatus};

/// The rules the consultant picks for a vote.
#[derive(Debug, Clone, Copy, Deserialize, ts_rs::TS)]
#[ts(export, rename = "RoomRules")]
pub struct Rules {
    pub dots_per_device: u32,
    pub max_per_item: u32,
    pub hidden: bool,
    pub minutes: u32,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            dots_per_device: 3,
            max_per_item: 2,
            hidden: false,
            minutes: 90,
        }
    }
}

/// Writes the room's dots into the project through `room.add_dots`.
struct ProjectRecorder {
    session: Arc<Mutex<Session>>,
    key: Uuid,
    event_id: Uuid,
    target: RoomTarget,
    items: Vec<Uuid>,
}

impl Recorder for ProjectRecorder {
    fn record(&self, dots: &[(usize, i64)]) -> Result<Vec<usize>, String> {
        let dots: Vec<RoomDots> = dots
            .iter()
            .filter_map(|(i, delta)| {
                let id = *self.items.get(*i)?;
                let delta =
                    i32::try_from(*delta).unwrap_or(if *delta < 0 { i32::MIN } else { i32::MAX });
                Some(RoomDots { id, delta })
            })
            .collect();
        let reply = dispatch_shared(
            &self.session,
            Command::Room(RoomCommand::AddDots {
                session: self.key,
                event_id: self.event_id,
                target: self.target,
                dots,
            }),
        )
        .map_err(|e| format!("Die Punkte ließen sich nicht speichern: {}", e.message))?;
        let skipped = match reply {
            Reply::RoomDots(r) => r.skipped,
            _ => Vec::new(),
        };
        Ok(skipped
            .iter()
            .filter_map(|id| self.items.iter().position(|i| i == id))
            .collect())
    }
}

/// A running room session of the project open in `session`.
pub struct ProjectRoom {
    room: Room,
    plan: RoomPlan,
    session: Arc<Mutex<Session>>,
}

impl ProjectRoom {
    /// Prepares the session in the project (`room.prepare`: the event, the items) and starts
    /// the server on `bind`.
    pub fn open(
        session: Arc<Mutex<Session>>,
        event_id: Option<Uuid>,
        mode: RoomMode,
        bind: SocketAddr,
        rules: Rules,
        limits: Limits,
    ) -> Result<ProjectRoom, String> {
        let reply = dispatch_shared(
            &session,
            Command::Room(RoomCommand::Prepare {
                event_id,
                mode,
                today: None,
            }),
        )
        .map_err(|e| e.message)?;
        let Reply::RoomPlan(plan) = reply else {
            return Err("Die Abstimmung ließ sich nicht vorbereiten.".into());
        };
        ProjectRoom::start(session, bind, plan, rules, limits)
    }

    /// Starts the server for `plan` (from `room.prepare`) on `bind`.
    pub fn start(
        session: Arc<Mutex<Session>>,
        bind: SocketAddr,
        plan: RoomPlan,
        rules: Rules,
        limits: Limits,
    ) -> Result<ProjectRoom, String> {
        let mode = match plan.mode.target() {
            Some(_) => Mode::Vote,
            None => Mode::Collect,
        };
        let setup = RoomSetup {
            heading: plan.heading.clone(),
            intro: plan.intro.clone(),
            mode,
            // Measures with their number, as the printed sheet lists them.
            items: plan
                .items
                .iter()
                .map(|i| match plan.mode {
                    RoomMode::VoteMeasures => format!("{} {}", i.number, i.label),
                    _ => i.label.clone(),
                })
                .collect(),
            dots_per_device: rules.dots_per_device,
            max_per_item: rules.max_per_item,
            hidden: rules.hidden,
            duration: Duration::from_secs(u64::from(rules.minutes).saturating_mul(60)),
        };
        let recorder = ProjectRecorder {
            session: Arc::clone(&session),
            key: Uuid::now_v7(),
            event_id: plan.event_id,
            // A collecting room places no dots; its recorder is never called with any.
            target: plan.mode.target().unwrap_or(RoomTarget::Ideas),
            items: plan.items.iter().map(|i| i.id).collect(),
        };
        let room = Room::start(bind, setup, limits, Arc::new(recorder))?;
        Ok(ProjectRoom {
            room,
            plan,
            session,
        })
    }

    pub fn plan(&self) -> &RoomPlan {
        &self.plan
    }

    pub fn url(&self) -> &str {
        self.room.url()
    }

    pub fn pin(&self) -> &str {
        self.room.pin()
    }

    pub fn is_running(&self) -> bool {
        self.room.is_running()
    }

    pub fn reveal(&self) {
        self.room.reveal()
    }

    pub fn status(&self) -> RoomStatus {
        self.room.status()
    }

    /// Accepts an idea into the idea pool (with the session's event and Lebensbereich) or
    /// discards it; `Ok(false)` when there is no such waiting idea.
    pub fn settle_idea(&self, number: u32, accept: bool) -> Result<bool, String> {
        let Some(text) = self.room.settle_idea(number, accept) else {
            return Ok(false);
        };
        if !accept {
            return Ok(true);
        }
        let life_area_id = match self.plan.mode {
            RoomMode::Collect { life_area_id } => Some(life_area_id),
            _ => None,
        };
        let idea = Idea {
            text,
            life_area_id,
            event_id: Some(self.plan.event_id),
            ..Idea::default()
        };
        dispatch_shared(
            &self.session,
            Command::Measures(MeasuresCommand::SaveIdea(idea.into())),
        )
        .map_err(|e| {
            self.room.reopen_idea(number);
            format!("Die Idee ließ sich nicht speichern: {}", e.message)
        })?;
        Ok(true)
    }

    /// Ends the session: closes the port and writes the last dots.
    pub fn stop(self) -> RoomStatus {
        self.room.stop()
    }
}
