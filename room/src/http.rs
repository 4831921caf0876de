//! The routes of the phone page — and nothing else: the page, its script and style, joining
//! with the PIN, the device's state, placing a dot, sending an idea. Every route sits under the
//! session's random token; anything else is a bare 404.

// The checks return the refusal itself as their error: a handler answers with it at once, once
// per request, so boxing it would only add noise.
#![allow(clippy::result_large_err)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};

use crate::guard::Key;
use crate::tally::{IdeaState, Refusal};
use crate::{Mode, Recorder, Shared, MAX_BODY_BYTES, WRITE_EVERY};

const PAGE: &str = include_str!("../assets/phone.html");
const SCRIPT: &str = include_str!("../assets/phone.js");
const STYLE: &str = include_str!("../assets/phone.css");

/// Only the page's own files, its own requests, no frames, no forms elsewhere.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                   img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The header a phone sends its device token in.
const DEVICE_HEADER: &str = "x-geraet";

type Ctx = Arc<Shared>;

/// Serves until `stop` fires or the session's time runs out, then writes the last dots.
pub(crate) async fn serve(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    recorder: Arc<dyn Recorder>,
    stop: tokio::sync::oneshot::Receiver<()>,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        shared
            .running
            .store(false, std::sync::atomic::Ordering::SeqCst);
        return;
    };
    let app = Router::new()
        .route("/r/{token}", get(redirect))
        .route("/r/{token}/", get(page))
        .route("/r/{token}/app.js", get(script))
        .route("/r/{token}/app.css", get(style))
        .route("/r/{token}/join", post(join))
        .route("/r/{token}/state", get(state))
        .route("/r/{token}/dot", post(dot))
        .route("/r/{token}/idea", post(idea))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(Arc::clone(&shared));
    let (end_tx, end_rx) = tokio::sync::watch::channel(false);
    let writer = tokio::spawn(write_loop(
        Arc::clone(&shared),
        Arc::clone(&recorder),
        end_rx,
    ));
    let ends_at = tokio::time::Instant::from_std(shared.ends_at);
    let stopped = Arc::new(tokio::sync::Notify::new());
    let signal = Arc::clone(&stopped);
    let shutdown = async move {
        tokio::select! {
            _ = stop => {}
            _ = tokio::time::sleep_until(ends_at) => {}
        }
        signal.notify_one();
    };
    let server = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown);
    // A phone that never finishes its request does not hold the end of the session.
    let grace = async {
        stopped.notified().await;
        tokio::time::sleep(Duration::from_secs(2)).await;
    };
    tokio::select! {
        _ = server => {}
        _ = grace => {}
    }
    shared
        .running
        .store(false, std::sync::atomic::Ordering::SeqCst);
    let _ = end_tx.send(true);
    let _ = writer.await;
    // The last dots: tried a few times, so a busy project file does not lose them.
    for _ in 0..5 {
        if write_once(&shared, &recorder).await {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Writes the dots placed meanwhile every [`WRITE_EVERY`] until `end`.
async fn write_loop(
    shared: Arc<Shared>,
    recorder: Arc<dyn Recorder>,
    mut end: tokio::sync::watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(WRITE_EVERY);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = end.changed() => return,
        }
        write_once(&shared, &recorder).await;
    }
}

/// Writes what is pending; `false` when the write failed (the dots stay pending).
async fn write_once(shared: &Arc<Shared>, recorder: &Arc<dyn Recorder>) -> bool {
    let dots = shared.tally().take_pending();
    if dots.is_empty() {
        return true;
    }
    let job = Arc::clone(recorder);
    let sent = dots.clone();
    let result = tokio::task::spawn_blocking(move || job.record(&sent)).await;
    let problem = match result {
        Ok(Ok(gone)) => {
            let mut tally = shared.tally();
            for item in gone {
                tally.mark_gone(item);
            }
            None
        }
        Ok(Err(message)) => Some(message),
        Err(_) => Some("Interner Fehler beim Schreiben der Punkte.".to_string()),
    };
    let ok = problem.is_none();
    if !ok {
        shared.tally().restore_pending(&dots);
    }
    if let Ok(mut p) = shared.write_problem.lock() {
        *p = problem;
    }
    ok
}

/// A German answer with a status: `{"message": "…"}`.
fn refuse(status: StatusCode, message: impl Into<String>) -> Response {
    #[derive(Serialize)]
    struct Message {
        message: String,
    }
    (
        status,
        no_store(),
        axum::Json(Message {
            message: message.into(),
        }),
    )
        .into_response()
}

fn no_store() -> [(header::HeaderName, HeaderValue); 3] {
    [
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
    ]
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, no_store(), "Nicht gefunden").into_response()
}

/// Compares the path's token with the session's without stopping at the first difference.
fn token_matches(shared: &Shared, token: &str) -> bool {
    let (a, b) = (shared.token.as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The checks every route makes: the session's token (else 404, nothing said), the session
/// still running, and the address's rate.
fn admit(shared: &Shared, token: &str, from: SocketAddr) -> Result<(), Response> {
    if !token_matches(shared, token) {
        return Err((StatusCode::NOT_FOUND, no_store(), "Nicht gefunden").into_response());
    }
    if !shared.running.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(refuse(StatusCode::GONE, "Die Abstimmung ist beendet."));
    }
    let allowed = shared
        .guard
        .lock()
        .map(|mut g| g.allow(Key::Address(from.ip()), shared.limits.per_address))
        .unwrap_or(false);
    if !allowed {
        return Err(too_many());
    }
    Ok(())
}

fn too_many() -> Response {
    let mut r = refuse(
        StatusCode::TOO_MANY_REQUESTS,
        "Zu viele Anfragen – bitte einen Moment warten.",
    );
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
    r
}

/// The device named by the request's header, within its rate.
fn device_of(shared: &Shared, headers: &HeaderMap) -> Result<usize, Response> {
    let token = headers
        .get(DEVICE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let device = shared
        .tally()
        .device(&token)
        .map_err(|r| refuse(StatusCode::FORBIDDEN, r.message(&shared.setup)))?;
    let allowed = shared
        .guard
        .lock()
        .map(|mut g| g.allow(Key::Device(token), shared.limits.per_device))
        .unwrap_or(false);
    if !allowed {
        return Err(too_many());
    }
    Ok(device)
}

/// Reads a JSON body with a German message for what is wrong with it.
fn body<T: for<'de> Deserialize<'de>>(raw: Result<Bytes, BytesRejection>) -> Result<T, Response> {
    let raw = raw.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "Die Anfrage ist zu groß (höchstens {} KB).",
                    MAX_BODY_BYTES / 1024
                ),
            )
        } else {
            refuse(
                StatusCode::BAD_REQUEST,
                "Die Anfrage ließ sich nicht lesen.",
            )
        }
    })?;
    serde_json::from_slice(&raw).map_err(|_| {
        refuse(
            StatusCode::BAD_REQUEST,
            "Die Anfrage ließ sich nicht lesen.",
        )
    })
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    let mut r = (StatusCode::OK, no_store(), text).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    r
}

async fn redirect(
    State(shared): State<Ctx>,
    Path(token): Path<String>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
) -> Response {
    if let Err(r) = admit(&shared, &token, from) {
        return r;
    }
    let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(to) = HeaderValue::from_str(&format!("/r/{token}/")) {
        r.headers_mut().insert(header::LOCATION, to);
    }
    r
}

/// The page and its two files, served from memory.
async fn page(state: State<Ctx>, token: Path<String>, from: ConnectInfo<SocketAddr>) -> Response {
    file(state, token, from, "text/html; charset=utf-8", PAGE)
}

async fn script(state: State<Ctx>, token: Path<String>, from: ConnectInfo<SocketAddr>) -> Response {
    file(state, token, from, "text/javascript; charset=utf-8", SCRIPT)
}

async fn style(state: State<Ctx>, token: Path<String>, from: ConnectInfo<SocketAddr>) -> Response {
    file(state, token, from, "text/css; charset=utf-8", STYLE)
}

fn file(
    State(shared): State<Ctx>,
    Path(token): Path<String>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    content_type: &'static str,
    text: &'static str,
) -> Response {
    admit(&shared, &token, from)
        .map(|()| asset(content_type, text))
        .unwrap_or_else(|r| r)
}

/// What one phone sees: the items with its own dots, the totals once revealed, its ideas.
#[derive(Serialize)]
struct PhoneState {
    heading: String,
    intro: String,
    mode: Mode,
    dots: u32,
    per_item: u32,
    left: u32,
    revealed: bool,
    items: Vec<PhoneItem>,
    ideas: Vec<PhoneIdea>,
}

#[derive(Serialize)]
struct PhoneItem {
    label: String,
    mine: u32,
    /// `None` while the totals are hidden.
    total: Option<u32>,
    gone: bool,
}

#[derive(Serialize)]
struct PhoneIdea {
    text: String,
    state: IdeaState,
}

fn phone_state(shared: &Shared, device: usize) -> PhoneState {
    let tally = shared.tally();
    let mine = tally.mine(device);
    let used = mine.iter().fold(0u32, |a, b| a.saturating_add(*b));
    PhoneState {
        heading: shared.setup.heading.clone(),
        intro: shared.setup.intro.clone(),
        mode: shared.setup.mode,
        dots: shared.setup.dots_per_device,
        per_item: shared.setup.max_per_item,
        left: shared.setup.dots_per_device.saturating_sub(used),
        revealed: tally.revealed,
        items: shared
            .setup
            .items
            .iter()
            .enumerate()
            .map(|(i, label)| PhoneItem {
                label: label.clone(),
                mine: mine.get(i).copied().unwrap_or(0),
                total: tally
                    .revealed
                    .then(|| tally.totals().get(i).copied().unwrap_or(0)),
                gone: tally.is_gone(i),
            })
            .collect(),
        ideas: tally
            .ideas_of(device)
            .map(|i| PhoneIdea {
                text: i.text.clone(),
                state: i.state,
            })
            .collect(),
    }
}

fn answer(shared: &Shared, device: usize, extra: Option<(&str, String)>) -> Response {
    let mut value = serde_json::to_value(phone_state(shared, device)).unwrap_or_default();
    if let (Some((key, v)), Some(map)) = (extra, value.as_object_mut()) {
        map.insert(key.to_string(), serde_json::Value::String(v));
    }
    (StatusCode::OK, no_store(), axum::Json(value)).into_response()
}

#[derive(Deserialize)]
struct Join {
    pin: String,
}

async fn join(
    State(shared): State<Ctx>,
    Path(token): Path<String>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    raw: Result<Bytes, BytesRejection>,
) -> Response {
    if let Err(r) = admit(&shared, &token, from) {
        return r;
    }
    let asked: Join = match body(raw) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let wrong_pins = Key::WrongPin(from.ip());
    let may_try = shared
        .guard
        .lock()
        .map(|g| g.would_allow(&wrong_pins, shared.limits.wrong_pins))
        .unwrap_or(false);
    if !may_try {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "Zu viele falsche PINs – bitte eine Minute warten.",
        );
    }
    if asked.pin.trim() != shared.pin {
        if let Ok(mut g) = shared.guard.lock() {
            g.allow(wrong_pins, shared.limits.wrong_pins);
        }
        return refuse(
            StatusCode::FORBIDDEN,
            "Die PIN stimmt nicht. Sie steht auf der Leinwand.",
        );
    }
    let device_token = match crate::random_token() {
        Ok(t) => t,
        Err(m) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, m),
    };
    let joined = shared.tally().join(
        from.ip(),
        device_token.clone(),
        shared.limits.devices_per_address,
    );
    match joined.and_then(|()| shared.tally().device(&device_token)) {
        Ok(device) => answer(&shared, device, Some(("device", device_token))),
        Err(r) => refuse(StatusCode::FORBIDDEN, r.message(&shared.setup)),
    }
}

async fn state(
    State(shared): State<Ctx>,
    Path(token): Path<String>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit(&shared, &token, from) {
        return r;
    }
    match device_of(&shared, &headers) {
        Ok(device) => answer(&shared, device, None),
        Err(r) => r,
    }
}

#[derive(Deserialize)]
struct Dot {
    item: usize,
    /// `true` places a dot, `false` takes one back.
    up: bool,
}

async fn dot(
    State(shared): State<Ctx>,
    Path(token): Path<String>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    raw: Result<Bytes, BytesRejection>,
) -> Response {
    act(
        &shared,
        &token,
        from,
        &headers,
        raw,
        |tally, device, asked: Dot| tally.dot(&shared.setup, device, asked.item, asked.up),
    )
}

/// A phone's action: the checks of every route, the device, its JSON body, then `apply` under
/// the tally's lock; the device's state back, or the refusal with it.
fn act<T: for<'de> Deserialize<'de>>(
    shared: &Shared,
    token: &str,
    from: SocketAddr,
    headers: &HeaderMap,
    raw: Result<Bytes, BytesRejection>,
    apply: impl FnOnce(&mut crate::tally::Tally, usize, T) -> Result<(), Refusal>,
) -> Response {
    if let Err(r) = admit(shared, token, from) {
        return r;
    }
    let device = match device_of(shared, headers) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let asked: T = match body(raw) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let done = apply(&mut shared.tally(), device, asked);
    match done {
        Ok(()) => answer(shared, device, None),
        Err(r) => refusal(shared, device, r),
    }
}

/// A refused action: 409 with the message and the device's state, so the phone shows both.
fn refusal(shared: &Shared, device: usize, r: Refusal) -> Response {
    let mut response = answer(shared, device, Some(("message", r.message(&shared.setup))));
    *response.status_mut() = StatusCode::CONFLICT;
    response
}

#[derive(Deserialize)]
struct IdeaText {
    text: String,
}

async fn idea(
    State(shared): State<Ctx>,
    Path(token): Path<String>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    raw: Result<Bytes, BytesRejection>,
) -> Response {
    act(
        &shared,
        &token,
        from,
        &headers,
        raw,
        |tally, device, asked: IdeaText| {
            tally
                .send_idea(&shared.setup, device, &asked.text)
                .map(|_| ())
        },
    )
}
