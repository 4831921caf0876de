//! The room's rules, without HTTP: devices that joined, their dots within the limits, the
//! totals, the dots not yet written to the project, and the ideas waiting for the consultant.
//! Every request of a phone is one call here under one lock, so each dot is counted once.

use std::collections::HashMap;
use std::net::IpAddr;

use serde::Serialize;

use crate::{Mode, RoomSetup};

/// What a device may not do, in German for the phone.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    UnknownDevice,
    UnknownItem,
    NoDotsLeft,
    ItemFull,
    NothingToTakeBack,
    TooManyDevices,
    NotCollecting,
    NotVoting,
    EmptyIdea,
    IdeaTooLong,
    TooManyIdeas,
}

impl Refusal {
    pub fn message(&self, setup: &RoomSetup) -> String {
        match self {
            Refusal::UnknownDevice => {
                "Dieses Handy ist nicht angemeldet. Bitte die Seite neu laden und die PIN eingeben."
                    .into()
            }
            Refusal::UnknownItem => "Diesen Eintrag gibt es nicht (mehr).".into(),
            Refusal::NoDotsLeft => format!(
                "Alle {} Punkte sind vergeben. Einen Punkt zurücknehmen, um ihn anders zu setzen.",
                setup.dots_per_device
            ),
            Refusal::ItemFull => format!("Höchstens {} Punkte pro Eintrag.", setup.max_per_item),
            Refusal::NothingToTakeBack => "Hier liegt kein Punkt von Ihnen.".into(),
            Refusal::TooManyDevices => {
                "Von diesem Gerät sind schon genug Anmeldungen gekommen.".into()
            }
            Refusal::NotCollecting => "In dieser Runde werden keine Ideen gesammelt.".into(),
            Refusal::NotVoting => "In dieser Runde wird nicht abgestimmt.".into(),
            Refusal::EmptyIdea => "Bitte eine Idee eingeben.".into(),
            Refusal::IdeaTooLong => {
                format!("Bitte kürzer fassen: höchstens {MAX_IDEA_CHARS} Zeichen.")
            }
            Refusal::TooManyIdeas => format!(
                "Von diesem Handy sind schon {MAX_IDEAS_PER_DEVICE} Ideen gekommen – danke!"
            ),
        }
    }
}

/// The longest idea a phone may send (characters).
pub const MAX_IDEA_CHARS: usize = 280;
/// The most ideas one phone may send in a session.
pub const MAX_IDEAS_PER_DEVICE: usize = 20;

/// Where an idea sent from a phone stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "RoomIdeaState")]
pub enum IdeaState {
    Waiting,
    Accepted,
    Discarded,
}

/// An idea sent from a phone, waiting for the consultant or settled.
#[derive(Debug, Clone)]
pub struct SentIdea {
    pub number: u32,
    pub text: String,
    pub state: IdeaState,
    device: usize,
}

struct Device {
    /// Dots per item index.
    dots: Vec<u32>,
    ideas: usize,
}

/// The state of one room session.
pub struct Tally {
    devices: Vec<Device>,
    by_token: HashMap<String, usize>,
    per_address: HashMap<IpAddr, u32>,
    totals: Vec<u32>,
    /// Dots per item not yet written to the project (placed minus taken back).
    pending: Vec<i64>,
    /// Items that no longer exist in the project (deleted during the session).
    gone: Vec<bool>,
    ideas: Vec<SentIdea>,
    pub revealed: bool,
}

impl Tally {
    pub fn new(items: usize, revealed: bool) -> Tally {
        Tally {
            devices: Vec::new(),
            by_token: HashMap::new(),
            per_address: HashMap::new(),
            totals: vec![0; items],
            pending: vec![0; items],
            gone: vec![false; items],
            ideas: Vec::new(),
            revealed,
        }
    }

    /// Registers a device that entered the PIN; `token` is its new random token.
    pub fn join(
        &mut self,
        address: IpAddr,
        token: String,
        max_per_address: u32,
    ) -> Result<(), Refusal> {
        let joined = self.per_address.entry(address).or_insert(0);
        if *joined >= max_per_address {
            return Err(Refusal::TooManyDevices);
        }
        *joined = joined.saturating_add(1);
        self.by_token.insert(token.clone(), self.devices.len());
        self.devices.push(Device {
            dots: vec![0; self.totals.len()],
            ideas: 0,
        });
        Ok(())
    }

    pub fn device(&self, token: &str) -> Result<usize, Refusal> {
        self.by_token
            .get(token)
            .copied()
            .ok_or(Refusal::UnknownDevice)
    }

    pub fn devices(&self) -> usize {
        self.devices.len()
    }

    /// Places (`+1`) or takes back (`-1`) one dot of `device` on `item`, within the limits.
    pub fn dot(
        &mut self,
        setup: &RoomSetup,
        device: usize,
        item: usize,
        up: bool,
    ) -> Result<(), Refusal> {
        if !matches!(setup.mode, Mode::Vote) {
            return Err(Refusal::NotVoting);
        }
        if item >= self.totals.len() || self.gone.get(item).copied().unwrap_or(true) {
            return Err(Refusal::UnknownItem);
        }
        let d = self.devices.get_mut(device).ok_or(Refusal::UnknownDevice)?;
        let used: u32 = d.dots.iter().fold(0u32, |s, n| s.saturating_add(*n));
        let mine = d.dots.get_mut(item).ok_or(Refusal::UnknownItem)?;
        let (total, pending) = match (self.totals.get_mut(item), self.pending.get_mut(item)) {
            (Some(t), Some(p)) => (t, p),
            _ => return Err(Refusal::UnknownItem),
        };
        if up {
            if used >= setup.dots_per_device {
                return Err(Refusal::NoDotsLeft);
            }
            if *mine >= setup.max_per_item {
                return Err(Refusal::ItemFull);
            }
            *mine = mine.saturating_add(1);
            *total = total.saturating_add(1);
            *pending = pending.saturating_add(1);
        } else {
            if *mine == 0 {
                return Err(Refusal::NothingToTakeBack);
            }
            *mine = mine.saturating_sub(1);
            *total = total.saturating_sub(1);
            *pending = pending.saturating_sub(1);
        }
        Ok(())
    }

    /// Queues an idea of `device` for the consultant.
    pub fn send_idea(
        &mut self,
        setup: &RoomSetup,
        device: usize,
        text: &str,
    ) -> Result<u32, Refusal> {
        if !matches!(setup.mode, Mode::Collect) {
            return Err(Refusal::NotCollecting);
        }
        let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return Err(Refusal::EmptyIdea);
        }
        if text.chars().count() > MAX_IDEA_CHARS {
            return Err(Refusal::IdeaTooLong);
        }
        let d = self.devices.get_mut(device).ok_or(Refusal::UnknownDevice)?;
        if d.ideas >= MAX_IDEAS_PER_DEVICE {
            return Err(Refusal::TooManyIdeas);
        }
        d.ideas = d.ideas.saturating_add(1);
        let number = u32::try_from(self.ideas.len())
            .unwrap_or(u32::MAX)
            .saturating_add(1);
        self.ideas.push(SentIdea {
            number,
            text,
            state: IdeaState::Waiting,
            device,
        });
        Ok(number)
    }

    /// Accepts or discards a waiting idea; returns its text when it was waiting.
    pub fn settle_idea(&mut self, number: u32, accept: bool) -> Option<String> {
        let idea = self
            .ideas
            .iter_mut()
            .find(|i| i.number == number && i.state == IdeaState::Waiting)?;
        idea.state = if accept {
            IdeaState::Accepted
        } else {
            IdeaState::Discarded
        };
        Some(idea.text.clone())
    }

    /// Puts a settled idea back into the queue (its acceptance could not be saved).
    pub fn reopen_idea(&mut self, number: u32) {
        if let Some(idea) = self.ideas.iter_mut().find(|i| i.number == number) {
            idea.state = IdeaState::Waiting;
        }
    }

    pub fn ideas(&self) -> &[SentIdea] {
        &self.ideas
    }

    /// The ideas one device sent, oldest first.
    pub fn ideas_of(&self, device: usize) -> impl Iterator<Item = &SentIdea> {
        self.ideas.iter().filter(move |i| i.device == device)
    }

    pub fn totals(&self) -> &[u32] {
        &self.totals
    }

    pub fn is_gone(&self, item: usize) -> bool {
        self.gone.get(item).copied().unwrap_or(true)
    }

    /// The dots of `device` per item.
    pub fn mine(&self, device: usize) -> &[u32] {
        self.devices
            .get(device)
            .map(|d| d.dots.as_slice())
            .unwrap_or(&[])
    }

    /// Takes the dots not yet written: (item index, placed minus taken back), non-zero only.
    pub fn take_pending(&mut self) -> Vec<(usize, i64)> {
        let out: Vec<(usize, i64)> = self
            .pending
            .iter()
            .enumerate()
            .filter(|(_, d)| **d != 0)
            .map(|(i, d)| (i, *d))
            .collect();
        for p in &mut self.pending {
            *p = 0;
        }
        out
    }

    /// Puts dots back that could not be written (tried again with the next write).
    pub fn restore_pending(&mut self, dots: &[(usize, i64)]) {
        for (item, delta) in dots {
            if let Some(p) = self.pending.get_mut(*item) {
                *p = p.saturating_add(*delta);
            }
        }
    }

    /// Marks an item as deleted in the project: no more dots on it.
    pub fn mark_gone(&mut self, item: usize) {
        if let Some(g) = self.gone.get_mut(item) {
            *g = true;
        }
    }
}
