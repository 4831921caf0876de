//! The one error type of the core and its single mapping to `{code, message}` for callers.
//!
//! Messages are short German sentences a consultant understands. A code exists only where a
//! caller (UI, CLI, tests) behaves differently on it.

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// User input that can be fixed by the user; the message says what is wrong.
    #[error("{0}")]
    Invalid(String),
    #[error("{what} wurde nicht gefunden (ID {id}).")]
    NotFound { what: &'static str, id: String },
    #[error("Es ist kein Projekt geöffnet.")]
    NoProject,
    #[error("Die Datei „{0}“ existiert nicht.")]
    FileMissing(String),
    #[error("Die Datei „{0}“ ist leer (0 Byte) und enthält kein Projekt.")]
    FileEmpty(String),
    #[error("Die Datei „{0}“ ist keine Zukunftskommune-Projektdatei (kein SQLite-Format).")]
    NotSqlite(String),
    #[error("Die Datei „{0}“ ist eine Datenbank eines anderen Programms, keine Zukunftskommune-Projektdatei.")]
    ForeignFile(String),
    #[error("Die Datei „{path}“ wurde mit einer neueren Version von Zukunftskommune gespeichert (Format {found}, unterstützt bis {supported}). Bitte aktualisieren Sie das Programm.")]
    FileTooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("Die Datei „{path}“ ist beschädigt oder unvollständig ({detail}). Sie wurde nicht verändert; bitte nutzen Sie eine Sicherungskopie.")]
    Corrupt { path: String, detail: String },
    #[error("Die Datei „{0}“ ist bereits in einem anderen Zukunftskommune-Fenster geöffnet. Bitte schließen Sie sie dort zuerst.")]
    AlreadyOpen(String),
    #[error("Die Datei „{0}“ existiert bereits und wird nicht überschrieben.")]
    FileExists(String),
    #[error("Es gibt nichts rückgängig zu machen.")]
    NothingToUndo,
    #[error("Es gibt nichts wiederherzustellen.")]
    NothingToRedo,
    #[error("{}", io_message(.0))]
    Io(#[from] std::io::Error),
    /// The storage refused a write or read for a reason of the disk or the file's permissions
    /// (full, read-only, I/O failure); the message says what to do.
    #[error("{0}")]
    Disk(String),
    /// A storage failure that is not the user's fault; the detail goes to the message for support.
    #[error("Interner Speicherfehler: {0}")]
    Storage(String),
    /// A file format library failed to build an export (a bug, not the user's input).
    #[error("Der Export ließ sich nicht erzeugen: {0}")]
    Export(String),
    #[error("Ungültige JSON-Daten: {0}")]
    Json(String),
    /// A command of a batch failed; the batch changed nothing.
    #[error("Zeile {line}: {source} Die Befehlsdatei wurde nicht angewendet, die Projektdatei ist unverändert.")]
    InLine { line: u32, source: Box<Error> },
}

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid(_) | Error::Json(_) => ErrorCode::Invalid,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::NoProject => ErrorCode::NoProject,
            Error::FileMissing(_) => ErrorCode::FileMissing,
            Error::FileEmpty(_) => ErrorCode::FileEmpty,
            Error::NotSqlite(_) => ErrorCode::NotSqlite,
            Error::ForeignFile(_) => ErrorCode::ForeignFile,
            Error::FileTooNew { .. } => ErrorCode::FileTooNew,
            Error::Corrupt { .. } => ErrorCode::Corrupt,
            Error::AlreadyOpen(_) => ErrorCode::AlreadyOpen,
            Error::FileExists(_) => ErrorCode::FileExists,
            Error::NothingToUndo | Error::NothingToRedo => ErrorCode::NothingToUndo,
            Error::Io(_) | Error::Disk(_) => ErrorCode::Io,
            Error::Storage(_) | Error::Export(_) => ErrorCode::Internal,
            Error::InLine { source, .. } => source.code(),
        }
    }
}

/// A German sentence for an I/O error, naming the cases a consultant can act on.
fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::StorageFull | K::QuotaExceeded => {
            "Der Datenträger ist voll. Es wurde nichts gespeichert; bitte schaffen Sie Platz und versuchen Sie es erneut.".into()
        }
        K::ReadOnlyFilesystem => {
            "Der Datenträger ist schreibgeschützt. Bitte wählen Sie einen anderen Speicherort.".into()
        }
        K::PermissionDenied => {
            "Keine Berechtigung für diese Datei oder diesen Ordner. Bitte wählen Sie einen anderen Speicherort oder prüfen Sie die Rechte.".into()
        }
        K::NotFound => format!("Datei oder Ordner nicht gefunden ({e})."),
        _ => format!("Die Datei konnte nicht gelesen oder geschrieben werden ({e})."),
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Json(e.to_string())
    }
}

/// Machine-readable error code; the UI and CLI branch on it (e.g. the start screen on `already_open`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    Invalid,
    NotFound,
    NoProject,
    FileMissing,
    FileEmpty,
    NotSqlite,
    ForeignFile,
    FileTooNew,
    Corrupt,
    AlreadyOpen,
    FileExists,
    NothingToUndo,
    Io,
    Internal,
}

impl ErrorCode {
    /// Process exit code of the CLI for this error (distinct per refusal kind).
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorCode::Invalid => 2,
            ErrorCode::NotFound => 3,
            ErrorCode::NoProject => 4,
            ErrorCode::FileMissing => 10,
            ErrorCode::FileEmpty => 11,
            ErrorCode::NotSqlite => 12,
            ErrorCode::ForeignFile => 13,
            ErrorCode::FileTooNew => 14,
            ErrorCode::Corrupt => 15,
            ErrorCode::AlreadyOpen => 16,
            ErrorCode::FileExists => 17,
            ErrorCode::NothingToUndo => 5,
            ErrorCode::Io => 20,
            ErrorCode::Internal => 70,
        }
    }
}

/// What crosses to the UI and the CLI: `{code, message}`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
