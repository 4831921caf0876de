//! The desktop shell: one window, native dialogs, the Tauri command `api` that forwards to
//! `zukunftskommune::dispatch`, and `room`, which forwards to the room server of
//! `zukunftskommune_room` (the phones in a workshop; not part of the core, which stays free
//! of HTTP). No domain logic lives here.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tauri::{Emitter, Manager, WebviewUrl, WebviewWindowBuilder};
use zukunftskommune::api::{command_from_json, SentViews, WindowReply};
use zukunftskommune::{dispatch_shared, ApiError, ErrorCode, Session};
use zukunftskommune_room::control::{RoomControl, RoomReply, RoomSlot};

/// The window's session (the open project, shared by the threads commands run on) and the
/// replies the window holds, so a view it already has is sent as changes.
struct AppState {
    session: Arc<Mutex<Session>>,
    sent: Arc<Mutex<SentViews>>,
}

/// The command arrives as plain JSON and is read by the core, so a malformed one gets the
/// core's German `{code, message}` instead of Tauri's English argument error. It runs on a
/// worker thread, never on the window's: a report being typeset leaves the window responsive
/// (the UI sends commands one after another, see `ui/src/lib/api.ts`). `held` names the
/// replies the window keeps (`api::SentViews`); a reply of such a kind comes as changes.
#[tauri::command]
async fn api(
    state: tauri::State<'_, AppState>,
    command: serde_json::Value,
    held: Option<Vec<u64>>,
) -> Result<WindowReply, ApiError> {
    let command = command_from_json(command).map_err(ApiError::from)?;
    let session = Arc::clone(&state.session);
    let sent = Arc::clone(&state.sent);
    tauri::async_runtime::spawn_blocking(move || {
        let reply = dispatch_shared(&session, command)?;
        let mut sent = sent.lock().map_err(|_| ApiError {
            code: ErrorCode::Internal,
            message: "Interner Fehler: die Ansicht ist blockiert. Bitte das Programm neu starten."
                .into(),
        })?;
        sent.encode(&reply, &held.unwrap_or_default())
    })
    .await
    .map_err(|_| ApiError {
        code: ErrorCode::Internal,
        message: "Interner Fehler: der Befehl wurde abgebrochen. Bitte erneut versuchen.".into(),
    })?
}

/// Controls the room's phones (Abstimmung per Handy) for the open project; like `api`, off the
/// window's thread (stopping waits for the last dots to be written).
#[tauri::command]
async fn room(
    state: tauri::State<'_, AppState>,
    slot: tauri::State<'_, RoomSlot>,
    command: serde_json::Value,
) -> Result<RoomReply, ApiError> {
    let command: RoomControl = serde_json::from_value(command).map_err(|e| ApiError {
        code: ErrorCode::Invalid,
        message: format!("Unbekannter oder fehlerhafter Befehl für die Abstimmung: {e}"),
    })?;
    let session = Arc::clone(&state.session);
    let slot = slot.inner().clone();
    tauri::async_runtime::spawn_blocking(move || slot.control(&session, command))
        .await
        .map_err(|_| ApiError {
            code: ErrorCode::Internal,
            message: "Interner Fehler: der Befehl wurde abgebrochen. Bitte erneut versuchen."
                .into(),
        })?
        .map_err(|message| ApiError {
            code: ErrorCode::Invalid,
            message,
        })
}

/// What the UI needs at start, injected as `window.__ZUKUNFT_START__` before the page loads.
#[derive(Serialize)]
struct Start {
    /// A `.zukunft` file given on the command line (opened by the UI at once).
    open: Option<String>,
    /// Where the demo municipality lives (in the app data folder).
    demo: String,
    /// `--demo` on the command line: open the demo at once (`make run`).
    open_demo: bool,
}

/// The project file named on a command line (first argument that is not an option),
/// made absolute against `cwd`.
fn project_arg(args: &[String], cwd: &std::path::Path) -> Option<String> {
    args.iter()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(|a| cwd.join(a).display().to_string())
}

fn start_info(args: &[String], data_dir: PathBuf) -> Start {
    let cwd = std::env::current_dir().unwrap_or_default();
    let open = project_arg(args, &cwd);
    Start {
        open,
        demo: data_dir
            .join("Musterstadt-Demo.zukunft")
            .display()
            .to_string(),
        open_demo: args.iter().any(|a| a == "--demo"),
    }
}

/// On Linux, GTK is told not to set up OpenGL for the window (`GDK_GL=disable`) unless the
/// user chose otherwise. WebKit then hands the page's frames over as mapped buffers that GTK
/// draws with cairo; the page itself is still composited by WebKit. Measured under Xvfb
/// (`scripts/bench-start.sh`): first paint 0.42 s instead of 0.57 s and 95 MB less for the app
/// with its WebKit processes, because GTK no longer probes GLX and loads Mesa at start.
/// Forms, tables and fixed SVG charts gain nothing from GL in the window (ARCHITECTURE.md).
fn prefer_cairo_for_the_window() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("GDK_GL").is_none() {
        // Runs first in `run`, before GTK or any other thread starts.
        std::env::set_var("GDK_GL", "disable");
        keep_gl_drivers_out_of_the_window_process();
    }
}

/// With GTK drawing by cairo, the window's process has no use for a GL driver, yet WebKit asks
/// EGL for its extensions while the web view is created, and libglvnd then loads Mesa's
/// driver with libLLVM (51 MB resident, ARCHITECTURE.md). libglvnd reads its list of drivers
/// once per process, at the first EGL call. So that first call is made here, with the list
/// naming no driver, and the variable is restored at once: WebKit's web and network
/// processes, started later, inherit the environment as it was and find their driver (the
/// web process cannot start without one). Where `libEGL.so.1` is missing or not libglvnd's,
/// nothing changes.
#[cfg(target_os = "linux")]
fn keep_gl_drivers_out_of_the_window_process() {
    const DRIVER_LIST: &str = "__EGL_VENDOR_LIBRARY_FILENAMES";
    const EGL_EXTENSIONS: i32 = 0x3055;
    type QueryString = unsafe extern "C" fn(*mut std::ffi::c_void, i32) -> *const std::ffi::c_char;
    let chosen = std::env::var_os(DRIVER_LIST);
    std::env::set_var(
        DRIVER_LIST,
        "/nonexistent/zukunftskommune-window-without-gl.json",
    );
    // SAFETY: `libEGL.so.1` is the system's EGL (WebKit links it, so this only finds it
    // loaded); `eglQueryString` has this C signature in every EGL version, and
    // `EGL_NO_DISPLAY` (null) with `EGL_EXTENSIONS` is its documented client-extension query.
    // The library stays loaded for the life of the process.
    unsafe {
        let egl = libc::dlopen(c"libEGL.so.1".as_ptr(), libc::RTLD_NOW);
        if !egl.is_null() {
            let symbol = libc::dlsym(egl, c"eglQueryString".as_ptr());
            if !symbol.is_null() {
                let query: QueryString = std::mem::transmute(symbol);
                query(std::ptr::null_mut(), EGL_EXTENSIONS);
            }
        }
    }
    match chosen {
        Some(list) => std::env::set_var(DRIVER_LIST, list),
        None => std::env::remove_var(DRIVER_LIST),
    }
}

pub fn run() {
    prefer_cairo_for_the_window();
    tauri::Builder::default()
        // A second launch hands its file to the running window (must be the first plugin).
        .plugin(tauri_plugin_single_instance::init(|app, argv, cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
                if let Some(file) = project_arg(&argv, std::path::Path::new(&cwd)) {
                    let _ = window.emit("open-file", file);
                }
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(tauri::generate_handler![api, room])
        .setup(|app| {
            let args: Vec<String> = std::env::args().collect();
            // ZUKUNFT_DATA_DIR (tests, portable installs) wins over the platform folder.
            let data_dir = match std::env::var_os("ZUKUNFT_DATA_DIR") {
                Some(dir) if !dir.is_empty() => std::path::PathBuf::from(dir),
                _ => app.path().app_data_dir()?,
            };
            app.manage(AppState {
                session: Arc::new(Mutex::new(Session::with_app_data(data_dir.clone()))),
                sent: Arc::default(),
            });
            app.manage(RoomSlot::default());
            let start = start_info(&args, data_dir);
            let script = format!(
                "window.__ZUKUNFT_START__ = {};",
                serde_json::to_string(&start)?
            );
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Zukunftskommune")
                .inner_size(1280.0, 800.0)
                .min_inner_size(1024.0, 700.0)
                .initialization_script(&script)
                .build()?;
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Zukunftskommune konnte nicht gestartet werden: {e}");
            std::process::exit(1);
        })
        .run(|app, event| {
            // Closing the window ends a room session: the port closes, the last dots are saved.
            if let tauri::RunEvent::Exit = event {
                app.state::<RoomSlot>().stop();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_info_reads_file_and_demo_flag() {
        let s = start_info(&["app".into(), "--demo".into()], PathBuf::from("/daten"));
        assert!(s.open_demo);
        assert_eq!(s.open, None);
        assert_eq!(s.demo, "/daten/Musterstadt-Demo.zukunft");
        let s = start_info(
            &["app".into(), "/x/Ort.zukunft".into()],
            PathBuf::from("/d"),
        );
        assert_eq!(s.open.as_deref(), Some("/x/Ort.zukunft"));
        assert!(!s.open_demo);
        let second = ["app".to_string(), "Ort.zukunft".into()];
        assert_eq!(
            project_arg(&second, std::path::Path::new("/home/berater")).as_deref(),
            Some("/home/berater/Ort.zukunft"),
            "a second launch's relative path is resolved against its own folder"
        );
    }
}
