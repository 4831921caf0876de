//! The window's commands for the room (the shell's second Tauri command, `room`): list the
//! network interfaces, start a session for the open project, show its status with the QR code,
//! reveal, moderate ideas, stop. The room is not part of the project, so these are not core
//! commands; what they change in the project goes through the core's `dispatch`.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use zukunftskommune::api::RoomMode;
use zukunftskommune::Session;

use crate::project::{ProjectRoom, Rules};
use crate::{Limits, RoomStatus};

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RoomControl {
    /// The laptop's network interfaces a session can listen on.
    Interfaces,
    /// Starts a session for the open project on `address` (a free port is chosen).
    Start {
        #[ts(optional)]
        #[serde(default)]
        event_id: Option<Uuid>,
        mode: RoomMode,
        address: String,
        rules: Rules,
    },
    Status,
    /// Shows the totals on the phones and the projector.
    Reveal,
    /// Accepts an idea into the idea pool or discards it.
    Settle {
        number: u32,
        accept: bool,
    },
    /// Ends the session: closes the port, the last dots are written.
    Stop,
}

/// A network interface of the laptop.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NetworkInterface {
    /// „wlan0“, „WLAN“, „Ethernet“ as the system names it.
    pub name: String,
    pub address: String,
    /// Only this computer (to try the room without phones).
    pub loopback: bool,
}

/// A running (or ended) session as the laptop shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RoomView {
    pub status: RoomStatus,
    /// The address as a QR code (SVG) for the projector.
    pub qr_svg: String,
    /// „Zukunftswerkstatt (Abstimmung per Handy), 12.03.2027“.
    pub event_label: String,
    pub intro: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
#[ts(export)]
pub enum RoomReply {
    Interfaces(Vec<NetworkInterface>),
    /// The session (running, or run out of time and not yet stopped).
    Room(RoomView),
    /// No session runs.
    Idle,
    /// The session ended; its final counts.
    Ended(RoomStatus),
}

/// The window's room session, if one runs.
#[derive(Default, Clone)]
pub struct RoomSlot(Arc<Mutex<Option<ProjectRoom>>>);

impl RoomSlot {
    /// Runs one command of the window; a German message on failure.
    pub fn control(
        &self,
        session: &Arc<Mutex<Session>>,
        command: RoomControl,
    ) -> Result<RoomReply, String> {
        let mut slot = self
            .0
            .lock()
            .map_err(|_| "Interner Fehler: die Abstimmung ist blockiert.".to_string())?;
        match command {
            RoomControl::Interfaces => Ok(RoomReply::Interfaces(interfaces())),
            RoomControl::Start {
                event_id,
                mode,
                address,
                rules,
            } => {
                if slot.as_ref().is_some_and(ProjectRoom::is_running) {
                    return Err(
                        "Es läuft schon eine Abstimmung per Handy; bitte zuerst beenden.".into(),
                    );
                }
                let ip: IpAddr = address
                    .trim()
                    .parse()
                    .map_err(|_| format!("„{address}“ ist keine Netzwerkadresse."))?;
                // A session that ran out of time is ended before the next one starts.
                if let Some(old) = slot.take() {
                    old.stop();
                }
                let room = ProjectRoom::open(
                    Arc::clone(session),
                    event_id,
                    mode,
                    SocketAddr::new(ip, 0),
                    rules,
                    Limits::default(),
                )?;
                let view = view(&room)?;
                *slot = Some(room);
                Ok(RoomReply::Room(view))
            }
            RoomControl::Status => match slot.as_ref() {
                Some(room) => Ok(RoomReply::Room(view(room)?)),
                None => Ok(RoomReply::Idle),
            },
            RoomControl::Reveal => {
                let room = slot.as_ref().ok_or_else(no_session)?;
                room.reveal();
                Ok(RoomReply::Room(view(room)?))
            }
            RoomControl::Settle { number, accept } => {
                let room = slot.as_ref().ok_or_else(no_session)?;
                if !room.settle_idea(number, accept)? {
                    return Err(format!(
                        "Idee {number} wartet nicht (mehr) auf die Moderation."
                    ));
                }
                Ok(RoomReply::Room(view(room)?))
            }
            RoomControl::Stop => match slot.take() {
                Some(room) => Ok(RoomReply::Ended(room.stop())),
                None => Ok(RoomReply::Idle),
            },
        }
    }

    /// Ends a running session (the window closes or the project changes).
    pub fn stop(&self) {
        if let Ok(mut slot) = self.0.lock() {
            if let Some(room) = slot.take() {
                room.stop();
            }
        }
    }
}

fn no_session() -> String {
    "Es läuft keine Abstimmung per Handy.".into()
}

fn view(room: &ProjectRoom) -> Result<RoomView, String> {
    Ok(RoomView {
        status: room.status(),
        qr_svg: crate::qr_svg(room.url())?,
        event_label: room.plan().event_label.clone(),
        intro: room.plan().intro.clone(),
    })
}

/// The IPv4 interfaces of the laptop, the room's networks first and loopback last.
pub fn interfaces() -> Vec<NetworkInterface> {
    let mut found: Vec<NetworkInterface> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| i.ip().is_ipv4())
        .map(|i| NetworkInterface {
            loopback: i.is_loopback(),
            address: i.ip().to_string(),
            name: i.name,
        })
        .collect();
    found.sort_by_key(|i| i.loopback);
    found
}
