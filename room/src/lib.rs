//! The room's phones (Abstimmung per Handy): a small HTTP server on the consultant's laptop that
//! serves one page over the room's Wi-Fi or hotspot. Phones enter a PIN once, place their dots
//! or send ideas; the laptop shows the counts live and moderates the ideas.
//!
//! This crate knows nothing of the project file: the host (the desktop shell or the CLI) gives
//! the items and a [`Recorder`] that writes the dots through the core's `api::dispatch`. The
//! core stays free of HTTP and async. Nothing about a phone is kept beyond the session: device
//! tokens live in memory, the project gets counts per item and the ideas the consultant accepts.
//!
//! Threat model and limits: ARCHITECTURE.md, „Abstimmung per Handy“.

pub mod control;
mod guard;
pub mod headless;
mod http;
pub mod project;
mod tally;

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Serialize;
use ts_rs::TS;

pub use tally::{IdeaState, MAX_IDEAS_PER_DEVICE, MAX_IDEA_CHARS};

/// What the room does in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "RoomActivity")]
pub enum Mode {
    /// Dot vote on the items.
    Vote,
    /// Ideas sent from the phones, moderated on the laptop.
    Collect,
}

/// What the phones see and the rules of the vote.
#[derive(Debug, Clone)]
pub struct RoomSetup {
    pub heading: String,
    /// A line under the heading (e.g. the Lebensbereich's Zielbild); may be empty.
    pub intro: String,
    pub mode: Mode,
    /// The labels of the items to vote on, in the order shown (empty when collecting).
    pub items: Vec<String>,
    /// Dots each phone may place in all.
    pub dots_per_device: u32,
    /// Dots one phone may place on one item.
    pub max_per_item: u32,
    /// Totals stay hidden (on the phones and the projector) until [`Room::reveal`].
    pub hidden: bool,
    /// The session ends by itself after this time.
    pub duration: Duration,
}

/// The most items, dots and time a session accepts.
pub const MAX_ITEMS: usize = 300;
pub const MAX_DOTS: u32 = 50;
pub const MAX_DURATION: Duration = Duration::from_secs(24 * 60 * 60);
/// The largest request body a phone may send.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

impl RoomSetup {
    /// Checks the rules; a German message says what is wrong.
    pub fn check(&self) -> Result<(), String> {
        if self.mode == Mode::Vote && self.items.is_empty() {
            return Err("Es gibt keine Einträge, über die abgestimmt werden kann.".into());
        }
        if self.items.len() > MAX_ITEMS {
            return Err(format!("Höchstens {MAX_ITEMS} Einträge pro Abstimmung."));
        }
        if !(1..=MAX_DOTS).contains(&self.dots_per_device) {
            return Err(format!("Punkte pro Person: 1 bis {MAX_DOTS}."));
        }
        if !(1..=self.dots_per_device).contains(&self.max_per_item) {
            return Err(
                "Punkte pro Eintrag: mindestens 1 und nicht mehr als Punkte pro Person.".into(),
            );
        }
        if self.duration.is_zero() || self.duration > MAX_DURATION {
            return Err("Die Dauer muss länger als 0 und höchstens 24 Stunden sein.".into());
        }
        Ok(())
    }
}

/// A token bucket: `burst` requests at once, refilled by `per_minute`.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    pub burst: u32,
    pub per_minute: u32,
}

/// How much one phone and one address may ask. The defaults suit a room of phones on their
/// own addresses; a test that simulates 200 phones from one loopback address raises them.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_device: Rate,
    pub per_address: Rate,
    /// Wrong PINs per address.
    pub wrong_pins: Rate,
    /// Devices that may join from one address (a phone that lost its page may join again).
    pub devices_per_address: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            per_device: Rate {
                burst: 20,
                per_minute: 240,
            },
            per_address: Rate {
                burst: 40,
                per_minute: 600,
            },
            wrong_pins: Rate {
                burst: 5,
                per_minute: 5,
            },
            devices_per_address: 3,
        }
    }
}

/// Writes the room's dots into the project (the host calls the core's `room.add_dots`).
pub trait Recorder: Send + Sync + 'static {
    /// Writes the dots per item index (placed minus taken back) since the last call; returns
    /// the indices of items that no longer exist in the project. An `Err` is a German message;
    /// the dots are tried again with the next write.
    fn record(&self, dots: &[(usize, i64)]) -> Result<Vec<usize>, String>;
}

/// One item on the projector.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ItemCount {
    pub label: String,
    pub total: u32,
    /// Deleted in the project during the session: no more dots.
    pub gone: bool,
}

/// An idea from a phone, for the moderation queue on the laptop.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct IdeaEntry {
    pub number: u32,
    pub text: String,
    pub state: IdeaState,
}

/// What the laptop shows while the room runs.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RoomStatus {
    pub url: String,
    pub pin: String,
    pub heading: String,
    pub mode: Mode,
    pub running: bool,
    pub devices: usize,
    pub revealed: bool,
    pub items: Vec<ItemCount>,
    pub ideas: Vec<IdeaEntry>,
    /// Dots placed on the phones in all (this session).
    pub dots: u32,
    /// The last write into the project failed (German); cleared by the next one that works.
    pub write_problem: Option<String>,
    #[ts(type = "number")]
    pub seconds_left: u64,
}

/// State shared by the server's tasks and the host.
struct Shared {
    setup: RoomSetup,
    token: String,
    pin: String,
    url: String,
    limits: Limits,
    tally: Mutex<tally::Tally>,
    guard: Mutex<guard::Guard>,
    write_problem: Mutex<Option<String>>,
    ends_at: Instant,
    running: std::sync::atomic::AtomicBool,
}

impl Shared {
    fn tally(&self) -> MutexGuard<'_, tally::Tally> {
        self.tally.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running room session. Dropping it stops the server like [`Room::stop`].
pub struct Room {
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// How often the dots placed meanwhile are written into the project.
const WRITE_EVERY: Duration = Duration::from_millis(250);

impl Room {
    /// Starts the server on `bind` (the interface the consultant picked; port 0 picks a free
    /// one). Fails with a German message when the rules are wrong or the address is taken.
    pub fn start(
        bind: SocketAddr,
        setup: RoomSetup,
        limits: Limits,
        recorder: Arc<dyn Recorder>,
    ) -> Result<Room, String> {
        setup.check()?;
        if bind.ip().is_unspecified() {
            return Err(
                "Bitte eine bestimmte Netzwerkschnittstelle wählen (nicht alle auf einmal).".into(),
            );
        }
        let listener = listen(bind).map_err(|e| {
            format!("Die Adresse {bind} lässt sich nicht öffnen ({e}). Bitte eine andere Schnittstelle oder einen anderen Port wählen.")
        })?;
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("Der Server lässt sich nicht starten ({e})."))?;
        let address = listener
            .local_addr()
            .map_err(|e| format!("Der Server lässt sich nicht starten ({e})."))?;
        let token = random_token()?;
        let pin = random_pin()?;
        let url = format!("http://{}/r/{token}/", shown_address(address));
        let shared = Arc::new(Shared {
            tally: Mutex::new(tally::Tally::new(setup.items.len(), !setup.hidden)),
            ends_at: Instant::now()
                .checked_add(setup.duration)
                .unwrap_or_else(Instant::now),
            setup,
            token,
            pin,
            url,
            limits,
            guard: Mutex::new(guard::Guard::default()),
            write_problem: Mutex::new(None),
            running: std::sync::atomic::AtomicBool::new(true),
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("raum-server")
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| format!("Der Server lässt sich nicht starten ({e})."))?;
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let task_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("raum".into())
            .spawn(move || {
                runtime.block_on(http::serve(listener, task_shared, recorder, stop_rx));
                runtime.shutdown_timeout(Duration::from_secs(2));
            })
            .map_err(|e| format!("Der Server lässt sich nicht starten ({e})."))?;
        Ok(Room {
            shared,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// The address phones open (also in the QR code).
    pub fn url(&self) -> &str {
        &self.shared.url
    }

    /// The PIN shown on the projector.
    pub fn pin(&self) -> &str {
        &self.shared.pin
    }

    /// Whether the server still answers (false after its time ran out).
    pub fn is_running(&self) -> bool {
        self.shared
            .running
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Shows the totals on the phones and the projector („Aufdecken“).
    pub fn reveal(&self) {
        self.shared.tally().revealed = true;
    }

    /// Accepts or discards a waiting idea; returns its text (for the host to save when
    /// accepted), `None` when there is no such waiting idea.
    pub fn settle_idea(&self, number: u32, accept: bool) -> Option<String> {
        self.shared.tally().settle_idea(number, accept)
    }

    /// Puts a settled idea back into the queue (its acceptance could not be saved).
    pub fn reopen_idea(&self, number: u32) {
        self.shared.tally().reopen_idea(number)
    }

    pub fn status(&self) -> RoomStatus {
        let s = &self.shared;
        let tally = s.tally();
        RoomStatus {
            url: s.url.clone(),
            pin: s.pin.clone(),
            heading: s.setup.heading.clone(),
            mode: s.setup.mode,
            running: self.is_running(),
            devices: tally.devices(),
            revealed: tally.revealed,
            items: s
                .setup
                .items
                .iter()
                .enumerate()
                .map(|(i, label)| ItemCount {
                    label: label.clone(),
                    total: tally.totals().get(i).copied().unwrap_or(0),
                    gone: tally.is_gone(i),
                })
                .collect(),
            ideas: tally
                .ideas()
                .iter()
                .map(|i| IdeaEntry {
                    number: i.number,
                    text: i.text.clone(),
                    state: i.state,
                })
                .collect(),
            dots: tally
                .totals()
                .iter()
                .fold(0u32, |a, b| a.saturating_add(*b)),
            write_problem: s.write_problem.lock().map(|p| p.clone()).unwrap_or(None),
            seconds_left: s
                .ends_at
                .saturating_duration_since(Instant::now())
                .as_secs(),
        }
    }

    /// Ends the session: closes the port, writes the last dots into the project and returns
    /// the final counts.
    pub fn stop(mut self) -> RoomStatus {
        self.shut_down();
        self.status()
    }

    fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.shared
            .running
            .store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Drop for Room {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// The QR code of `text` as SVG (black on white, with the quiet zone), for the projector.
pub fn qr_svg(text: &str) -> Result<String, String> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
        .map_err(|e| format!("Der QR-Code lässt sich nicht erzeugen ({e})."))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

/// A listening socket on `bind` whose queue holds a whole room joining at once (the system's
/// default of 128 made some of 200 phones wait a second for their connection).
fn listen(bind: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(bind),
        socket2::Type::STREAM,
        Some(socket2::Protocol::TCP),
    )?;
    // A port of the previous session waiting out its closed connections may be bound again
    // (on Windows the same option would share a port with another program: not there).
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&bind.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}

/// How a phone types the laptop's address: IPv6 in brackets.
fn shown_address(address: SocketAddr) -> String {
    match address.ip() {
        IpAddr::V4(ip) => format!("{ip}:{}", address.port()),
        IpAddr::V6(ip) => format!("[{ip}]:{}", address.port()),
    }
}

/// 125 random bits as 25 characters without look-alikes (no 0/o, 1/l).
fn random_token() -> Result<String, String> {
    const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("Kein Zufall vom Betriebssystem ({e})."))?;
    let mut bits = u128::from_le_bytes(bytes);
    let mut out = String::with_capacity(25);
    for _ in 0..25 {
        let index = usize::try_from(bits & 31).unwrap_or(0);
        bits = bits.checked_shr(5).unwrap_or(0);
        out.push(char::from(ALPHABET.get(index).copied().unwrap_or(b'a')));
    }
    Ok(out)
}

/// A four-digit PIN (1000–9999, so it never starts with 0 on the projector).
fn random_pin() -> Result<String, String> {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|e| format!("Kein Zufall vom Betriebssystem ({e})."))?;
    let n = u32::from_le_bytes(bytes).checked_rem(9000).unwrap_or(0);
    Ok(n.saturating_add(1000).to_string())
}
