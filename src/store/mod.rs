//! The project file (`.zukunft`): the only module that imports rusqlite.
//!
//! * Opening checks, in this order and without writing anything: file exists and is not empty,
//!   SQLite header, size matches the header's page count, `application_id`, `user_version` not
//!   newer than this program, `integrity_check` (indexes against tables, not only page structure:
//!   `quick_check` let files with contradicting indexes through). A refused file is left
//!   byte-for-byte unchanged.
//! * Older schemas are migrated forward in one transaction after a backup copy was written beside
//!   the file (`migrations/NNNN_*.sql`, one linear list, `user_version` = number applied).
//! * `journal_mode=DELETE`, `synchronous=FULL`, `foreign_keys=ON`, and `locking_mode=EXCLUSIVE`
//!   so a second program instance gets [`Error::AlreadyOpen`] instead of editing the same file.
//! * Every mutation goes through [`ProjectFile::change`]: one transaction that writes the rows and
//!   their before/after images to the journal. Undo and redo replay those images.

mod copies;
mod journal;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, ErrorCode as SqlCode, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::{Entity, EntityKind};

pub use copies::{project_id_of, read_contents, CopyContents, WITHOUT_PERSONAL_DATA};
pub use journal::{ChangeInfo, HistoryState};

/// `PRAGMA application_id` of every project file: "ZKOM" in ASCII.
pub const APPLICATION_ID: i32 = 0x5A4B_4F4D;

/// The schema upgrades, applied in order; `user_version` counts how many a file has.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_journal_author.sql"),
    include_str!("migrations/0003_copies_and_merge.sql"),
    include_str!("migrations/0004_measure_votes.sql"),
    include_str!("migrations/0005_implementation.sql"),
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// An open project file. Holds the exclusive lock until dropped.
pub struct ProjectFile {
    conn: Connection,
    path: PathBuf,
    author: String,
    /// An open batch: several commands written as one change set (see [`ProjectFile::begin_batch`]).
    batch: Option<Batch>,
    /// Opened for viewing only: the file or its folder is write-protected (see
    /// [`write_protected`]); every write fails with the German "schreibgeschützt" message.
    read_only: bool,
    /// What the last committed change (or batch) wrote, until taken ([`ProjectFile::take_last_change`]).
    last_change: Option<ChangeInfo>,
    /// The key and change set of the last [`ProjectFile::change_continued`].
    continued: Option<(String, i64)>,
}

/// The change set that every [`ProjectFile::change`] of a batch writes into.
struct Batch {
    change_id: i64,
    label: String,
    wrote: usize,
    kinds: Vec<EntityKind>,
}

/// What opening a file found; `migrated_from` is set when an older schema was upgraded.
#[derive(Debug, Clone, Default)]
pub struct OpenReport {
    /// A change interrupted by a crash was rolled back before opening.
    pub recovered: bool,
    pub migrated_from: Option<i64>,
    pub backup_path: Option<PathBuf>,
}

/// One stored row as exported: the entity body plus bookkeeping columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRow {
    pub id: Uuid,
    pub created_at: String,
    pub updated_at: String,
    pub deleted: bool,
    pub body: serde_json::Value,
}

fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Maps a SQLite error: what the disk or the file's permissions caused gets a German sentence
/// and the I/O code (exit 20); anything else is an internal storage error.
fn storage(e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(SqlCode::DiskFull) => Error::Disk(
            "Der Datenträger ist voll. Die Änderung wurde nicht gespeichert, die Projektdatei ist unverändert; bitte schaffen Sie Platz und versuchen Sie es erneut.".into(),
        ),
        Some(SqlCode::ReadOnly) => Error::Disk(
            "Die Projektdatei ist schreibgeschützt (oder liegt in einem schreibgeschützten Ordner). Die Änderung wurde nicht gespeichert; bitte speichern Sie eine Kopie an einem beschreibbaren Ort.".into(),
        ),
        Some(SqlCode::PermissionDenied) | Some(SqlCode::CannotOpen) => Error::Disk(
            "Keine Berechtigung, die Projektdatei zu schreiben. Die Änderung wurde nicht gespeichert.".into(),
        ),
        Some(SqlCode::SystemIoFailure) => Error::Disk(format!(
            "Lese-/Schreibfehler auf dem Datenträger. Die Änderung wurde nicht gespeichert ({e})."
        )),
        _ => Error::Storage(e.to_string()),
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(SqlCode::DatabaseBusy | SqlCode::DatabaseLocked)
    )
}

/// Maps an error that happened while inspecting a received file to the right refusal.
fn refusal(path: &Path, e: rusqlite::Error) -> Error {
    let p = display(path);
    if is_busy(&e) {
        return Error::AlreadyOpen(p);
    }
    match e.sqlite_error_code() {
        Some(SqlCode::NotADatabase | SqlCode::DatabaseCorrupt) => match header_problem(path) {
            HeaderProblem::NotSqlite => Error::NotSqlite(p),
            HeaderProblem::Truncated(detail) => Error::Corrupt { path: p, detail },
            HeaderProblem::None => Error::Corrupt {
                path: p,
                detail: e.to_string(),
            },
        },
        _ => Error::Corrupt {
            path: p,
            detail: e.to_string(),
        },
    }
}

enum HeaderProblem {
    NotSqlite,
    Truncated(String),
    None,
}

/// Explains why SQLite rejected a file by reading its first 100 bytes.
///
/// Only called after SQLite refused the file: reading a file with `std::fs` closes a descriptor
/// afterwards, and on POSIX that drops every lock this process holds on the file, so it must
/// never happen to a project this process has open.
fn header_problem(path: &Path) -> HeaderProblem {
    use std::io::Read;
    let mut header = Vec::with_capacity(100);
    let read = std::fs::File::open(path).and_then(|f| f.take(100).read_to_end(&mut header));
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if read.is_err() || header.len() < 16 || &header[..16] != SQLITE_HEADER {
        return HeaderProblem::NotSqlite;
    }
    if header.len() < 100 {
        return HeaderProblem::Truncated(format!(
            "nur {len} Byte – vermutlich beim Kopieren abgeschnitten"
        ));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65536u64,
        n => n as u64,
    };
    let page_count = u32::from_be_bytes([header[28], header[29], header[30], header[31]]) as u64;
    // The in-header size is valid only when both counters match (SQLite ≥ 3.7.0 writes them).
    let expected = page_count.saturating_mul(page_size);
    if page_count > 0 && header[24..28] == header[92..96] && len < expected {
        return HeaderProblem::Truncated(format!(
            "die Datei ist {len} Byte groß, erwartet {expected} Byte – vermutlich beim Kopieren abgeschnitten"
        ));
    }
    HeaderProblem::None
}

/// Checks existence and size without opening the file (see [`header_problem`] for why).
fn inspect_metadata(path: &Path) -> Result<()> {
    let p = display(path);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Error::FileMissing(p)),
        Err(e) => return Err(e.into()),
    };
    if meta.is_dir() {
        return Err(Error::invalid(format!(
            "„{p}“ ist ein Ordner, keine Projektdatei."
        )));
    }
    if meta.len() == 0 {
        return Err(Error::FileEmpty(p));
    }
    Ok(())
}

/// The rollback journal SQLite keeps beside `path` while a change is being written.
fn journal_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-journal");
    PathBuf::from(name)
}

/// Whether a journal with content lies beside the file (metadata only: no descriptor is opened,
/// see [`header_problem`]).
fn has_journal(path: &Path) -> bool {
    std::fs::metadata(journal_of(path)).is_ok_and(|m| m.len() > 0)
}

/// Inspects a file; when that fails and a journal lies beside it, the journal may be hot: a
/// change was interrupted (crash, power loss) before its commit. A read-only connection cannot
/// roll it back, so the file looked damaged although its last committed state is intact. Then
/// the file is opened read-write once, which makes SQLite roll the interrupted change back
/// under its own lock (never by deleting the journal, which would corrupt the file), and it is
/// inspected again. Returns the schema version and whether an interrupted change was taken back.
fn inspect_recovering(path: &Path) -> Result<(i64, bool)> {
    match inspect(path) {
        Ok(version) => Ok((version, false)),
        Err(first @ (Error::Corrupt { .. } | Error::NotSqlite(_) | Error::AlreadyOpen(_)))
            if has_journal(path) =>
        {
            if !roll_back_interrupted_change(path)? {
                return Err(first);
            }
            inspect(path).map(|version| (version, true))
        }
        Err(e) => Err(e),
    }
}

/// Opens the file read-write so SQLite rolls back a hot journal; true when the journal is gone
/// afterwards (it was hot and has been rolled back). A file open elsewhere is `AlreadyOpen`.
fn roll_back_interrupted_change(path: &Path) -> Result<bool> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| refusal(path, e))?;
    conn.busy_timeout(Duration::ZERO).map_err(storage)?;
    // Any read takes the shared lock, and SQLite rolls a hot journal back before it reads.
    conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))
        .map_err(|e| refusal(path, e))?;
    drop(conn);
    Ok(!has_journal(path))
}

/// Opens read-only and checks identity, version and integrity. Writes nothing.
fn inspect(path: &Path) -> Result<i64> {
    inspect_metadata(path)?;
    let p = display(path);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| refusal(path, e))?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| refusal(path, e))?;
    if app_id != APPLICATION_ID {
        return Err(Error::ForeignFile(p));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| refusal(path, e))?;
    if version > SCHEMA_VERSION {
        return Err(Error::FileTooNew {
            path: p,
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < 1 {
        return Err(Error::Corrupt {
            path: p,
            detail: "Schema-Version 0".into(),
        });
    }
    let mut stmt = conn
        .prepare("PRAGMA integrity_check")
        .map_err(|e| refusal(path, e))?;
    let problems: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| refusal(path, e))?;
    if problems.len() != 1 || problems[0] != "ok" {
        return Err(Error::Corrupt {
            path: p,
            detail: problems.into_iter().take(3).collect::<Vec<_>>().join("; "),
        });
    }
    check_contents(&conn).map_err(|detail| Error::Corrupt { path: p, detail })?;
    Ok(version)
}

/// Reads every stored text once: meta values, every row body as its kind's type, every journal
/// image. SQLite checks pages and indexes, not what a bit flip inside a text did; without this
/// such a file would open and then fail at the first view, export or undo.
fn check_contents(conn: &Connection) -> std::result::Result<(), String> {
    fn text<'a>(row: &'a rusqlite::Row, i: usize) -> std::result::Result<Option<&'a str>, String> {
        match row.get_ref(i).map_err(|e| e.to_string())? {
            rusqlite::types::ValueRef::Null => Ok(None),
            value => {
                let bytes = value.as_bytes().map_err(|e| e.to_string())?;
                std::str::from_utf8(bytes)
                    .map(Some)
                    .map_err(|_| "Text ist kein gültiges UTF-8".to_string())
            }
        }
    }
    let each =
        |sql: &str, check: &mut dyn FnMut(&rusqlite::Row) -> std::result::Result<(), String>| {
            let mut stmt = conn.prepare(sql).map_err(|e| e.to_string())?;
            let mut rows = stmt.query([]).map_err(|e| e.to_string())?;
            while let Some(row) = rows.next().map_err(|e| e.to_string())? {
                check(row)?;
            }
            Ok::<(), String>(())
        };
    each("SELECT key, value FROM meta", &mut |row| {
        text(row, 0)?;
        text(row, 1).map(|_| ())
    })?;
    for kind in EntityKind::ALL {
        let table = kind.table();
        if !has_table(conn, table).map_err(|e| e.to_string())? {
            continue;
        }
        each(
            &format!("SELECT id, body, created_at, updated_at FROM {table}"),
            &mut |row| {
                let id = text(row, 0)?.unwrap_or_default().to_string();
                for i in [2, 3] {
                    text(row, i).map_err(|e| format!("Eintrag {id} in „{table}“: {e}"))?;
                }
                let body = text(row, 1)?.unwrap_or_default();
                kind.check_body(body)
                    .map_err(|e| format!("Eintrag {id} in „{table}“ nicht lesbar: {e}"))
            },
        )?;
    }
    each("SELECT label, at FROM change_set", &mut |row| {
        text(row, 0)?;
        text(row, 1).map(|_| ())
    })?;
    // Tables of later schemas (a file read before migrating may lack them).
    for (table, sql) in [
        ("blob", "SELECT hash, NULL FROM blob"),
        ("merge_seen", "SELECT entity_id, image_hash FROM merge_seen"),
    ] {
        if has_table(conn, table).map_err(|e| e.to_string())? {
            each(sql, &mut |row| {
                text(row, 0)?;
                text(row, 1).map(|_| ())
            })?;
        }
    }
    each(
        "SELECT entity_id, kind, before, after FROM journal",
        &mut |row| {
            text(row, 0)?;
            let kind = text(row, 1)?.unwrap_or_default();
            let kind = EntityKind::from_table(kind)
                .ok_or_else(|| format!("Verlaufseintrag mit unbekannter Art „{kind}“"))?;
            for i in [2, 3] {
                if let Some(image) = text(row, i)? {
                    let image: serde_json::Value = serde_json::from_str(image)
                        .map_err(|e| format!("Verlaufseintrag nicht lesbar: {e}"))?;
                    kind.check_body(&image["body"].to_string()).map_err(|e| {
                        format!("Verlaufseintrag in „{}“ nicht lesbar: {e}", kind.table())
                    })?;
                }
            }
            Ok(())
        },
    )
}

/// Result of `zukunft check`: the schema version of a file that passed every opening check, and
/// whether an interrupted change had to be taken back first (see [`inspect_recovering`]).
pub fn check_file(path: &Path) -> Result<(i64, bool)> {
    inspect_recovering(path)
}

/// The name of the backup written before migrating `path` from `version`.
fn backup_path_for(path: &Path, version: i64) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Projekt".into());
    let stamp = Utc::now().format("%Y-%m-%d_%H%M%S");
    path.with_file_name(format!("{stem}.vor-Update-v{version}-{stamp}.zukunft"))
}

/// Brings a file from schema `from` to `to` in one transaction: the one linear sequence of
/// upgrades (a new file runs it from 0).
fn migrate(conn: &mut Connection, from: i64, to: i64) -> Result<()> {
    let tx = conn.transaction().map_err(storage)?;
    for (sql, version) in MIGRATIONS.iter().zip(1i64..) {
        if version > from && version <= to {
            tx.execute_batch(sql).map_err(storage)?;
            tx.pragma_update(None, "user_version", version)
                .map_err(storage)?;
        }
    }
    tx.commit().map_err(storage)
}

fn configure(conn: &Connection, path: &Path, read_only: bool) -> Result<()> {
    conn.busy_timeout(Duration::ZERO).map_err(storage)?;
    conn.execute_batch(
        "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; \
         PRAGMA trusted_schema=OFF; PRAGMA locking_mode=EXCLUSIVE;",
    )
    .map_err(|e| refusal(path, e))?;
    // Take the exclusive lock now, so a second instance is refused at once. A file opened for
    // viewing holds a shared lock instead: others may view it too, nobody may write it.
    let lock = if read_only {
        "BEGIN; SELECT count(*) FROM sqlite_master; COMMIT;"
    } else {
        "BEGIN EXCLUSIVE; COMMIT;"
    };
    conn.execute_batch(lock).map_err(|e| refusal(path, e))
}

/// The file or its folder has no write permission at all (e.g. a file marked read-only, a
/// write-protected share): opened for viewing, so the first edit does not fail half-way.
/// Decided on the permission bits, so it holds for every user alike.
fn write_protected(path: &Path) -> bool {
    let no_write = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.permissions().readonly())
            .unwrap_or(false)
    };
    let folder = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    no_write(path) || no_write(&folder)
}

impl ProjectFile {
    /// Opens an existing project, refusing anything that is not a healthy project file.
    pub fn open(path: &Path) -> Result<(ProjectFile, OpenReport)> {
        let (version, recovered) = inspect_recovering(path)?;
        let mut report = OpenReport {
            recovered,
            ..OpenReport::default()
        };
        if version < SCHEMA_VERSION {
            let backup = backup_path_for(path, version);
            std::fs::copy(path, &backup)?;
            report.migrated_from = Some(version);
            report.backup_path = Some(backup);
        }
        let protected = write_protected(path);
        if protected && version < SCHEMA_VERSION {
            return Err(Error::Disk(format!(
                "Die Datei „{}“ ist schreibgeschützt und hat ein älteres Format ({version}), das \
                 beim Öffnen aktualisiert werden muss. Bitte heben Sie den Schreibschutz auf oder \
                 kopieren Sie die Datei an einen beschreibbaren Ort.",
                display(path)
            )));
        }
        let access = if protected {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        };
        let mut conn = Connection::open_with_flags(path, access | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| refusal(path, e))?;
        // SQLite itself falls back to reading when the system refuses writing.
        let read_only = protected || conn.is_readonly(rusqlite::MAIN_DB).map_err(storage)?;
        configure(&conn, path, read_only)?;
        if version < SCHEMA_VERSION {
            migrate(&mut conn, version, SCHEMA_VERSION)?;
        }
        let mut file = ProjectFile::wrap(conn, path);
        file.read_only = read_only;
        Ok((file, report))
    }

    /// Opened for viewing only (write-protected file or folder).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Creates a new, empty project file (schema applied); refuses to overwrite.
    pub fn create(path: &Path) -> Result<ProjectFile> {
        Self::create_with_schema(path, SCHEMA_VERSION)
    }

    /// Creates a new project file and fills it with `fill` (seeding, an import); when filling
    /// fails, the half-written file is removed again: a failed create leaves nothing behind.
    pub fn create_filled(
        path: &Path,
        fill: impl FnOnce(&mut ProjectFile) -> Result<()>,
    ) -> Result<ProjectFile> {
        let mut file = Self::create(path)?;
        match fill(&mut file) {
            Ok(()) => Ok(file),
            Err(e) => {
                drop(file);
                let _ = std::fs::remove_file(path);
                Err(e)
            }
        }
    }

    /// Creates a file with only the first `version` migrations applied. Used to make the test
    /// fixture of an old schema; the app itself always calls [`ProjectFile::create`].
    #[doc(hidden)]
    pub fn create_with_schema(path: &Path, version: i64) -> Result<ProjectFile> {
        if path.exists() {
            return Err(Error::FileExists(display(path)));
        }
        let result = (|| {
            let mut conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(storage)?;
            configure(&conn, path, false)?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(storage)?;
            migrate(&mut conn, 0, version)?;
            Ok(ProjectFile::wrap(conn, path))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(path);
        }
        result
    }

    fn wrap(conn: Connection, path: &Path) -> ProjectFile {
        let author = std::env::var("ZUKUNFT_AUTHOR")
            .or_else(|_| std::env::var("USER"))
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_default();
        ProjectFile {
            conn,
            path: path.to_path_buf(),
            author,
            batch: None,
            read_only: false,
            last_change: None,
            continued: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(storage)
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(storage)
    }

    /// Reads one live (not deleted) entity.
    pub fn get<T: Entity>(&self, id: Uuid) -> Result<Option<T>> {
        let sql = format!(
            "SELECT body FROM {} WHERE id = ?1 AND deleted = 0",
            T::KIND.table()
        );
        let body: Option<String> = self
            .conn
            .query_row(&sql, [id.to_string()], |r| r.get(0))
            .optional()
            .map_err(storage)?;
        body.map(|b| decode(T::KIND, &b)).transpose()
    }

    /// Like [`get`](Self::get) but a missing row is an error naming the kind.
    pub fn require<T: Entity>(&self, id: Uuid) -> Result<T> {
        self.get(id)?.ok_or_else(|| Error::NotFound {
            what: T::KIND.label(),
            id: id.to_string(),
        })
    }

    /// All live entities of a kind in creation order (UUID v7 ids sort by time).
    pub fn list<T: Entity>(&self) -> Result<Vec<T>> {
        let sql = format!(
            "SELECT body FROM {} WHERE deleted = 0 ORDER BY id",
            T::KIND.table()
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(storage)?;
        let bodies: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(storage)?;
        bodies.iter().map(|b| decode(T::KIND, b)).collect()
    }

    pub fn count(&self, kind: EntityKind) -> Result<usize> {
        let sql = format!("SELECT count(*) FROM {} WHERE deleted = 0", kind.table());
        self.conn
            .query_row(&sql, [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(storage)
    }

    /// Runs `f` in one transaction that journals every row it writes as one undoable change.
    pub fn change<R>(
        &mut self,
        label: &str,
        f: impl FnOnce(&mut Writer) -> Result<R>,
    ) -> Result<R> {
        if let Some(batch) = self.batch.as_mut() {
            // Inside a batch: a savepoint, so a failing command leaves no half of itself.
            let savepoint = self.conn.savepoint().map_err(storage)?;
            let mut writer = Writer {
                tx: &savepoint,
                change_id: batch.change_id,
                now: now_text(),
                wrote: 0,
                marked: 0,
                kinds: Vec::new(),
            };
            let out = f(&mut writer)?;
            batch.wrote = batch
                .wrote
                .saturating_add(writer.wrote)
                .saturating_add(writer.marked);
            batch.kinds.append(&mut writer.kinds);
            savepoint.commit().map_err(storage)?;
            return Ok(out);
        }
        self.write_change(label, None, f).map(|(out, _)| out)
    }

    /// [`ProjectFile::change`] that continues the change set of the previous call with the same
    /// `key` while that set is still the newest one and done: the dots of a room session arrive
    /// every moment as small changes and are undone in one step. Any other change, an undo or a
    /// redo in between starts a new change set.
    pub fn change_continued<R>(
        &mut self,
        label: &str,
        key: &str,
        f: impl FnOnce(&mut Writer) -> Result<R>,
    ) -> Result<R> {
        if self.batch.is_some() {
            return self.change(label, f);
        }
        let newest: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT id, state FROM change_set ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(storage)?;
        let open = match (&self.continued, newest) {
            (Some((k, id)), Some((newest, state)))
                if k == key && *id == newest && state == "done" =>
            {
                Some(*id)
            }
            _ => None,
        };
        let (out, written) = self.write_change(label, open, f)?;
        if let Some(id) = written {
            self.continued = Some((key.to_string(), id));
        }
        Ok(out)
    }

    /// Writes one change into a new change set or into the change set `continue_set`; returns
    /// what `f` returned and the change set written (none when nothing changed).
    fn write_change<R>(
        &mut self,
        label: &str,
        continue_set: Option<i64>,
        f: impl FnOnce(&mut Writer) -> Result<R>,
    ) -> Result<(R, Option<i64>)> {
        let tx = self.conn.transaction().map_err(storage)?;
        let now = now_text();
        let change_id = match continue_set {
            Some(id) => {
                tx.execute(
                    "UPDATE change_set SET at = ?2 WHERE id = ?1",
                    params![id, now],
                )
                .map_err(storage)?;
                id
            }
            None => start_change_set(&tx, label, &now, &self.author).map_err(storage)?,
        };
        let mut writer = Writer {
            tx: &tx,
            change_id,
            now,
            wrote: 0,
            marked: 0,
            kinds: Vec::new(),
        };
        let out = f(&mut writer)?;
        if writer.wrote == 0 && writer.marked == 0 {
            // Nothing changed: drop the empty change set (the transaction rolls back on drop).
            return Ok((out, None));
        }
        let kinds = std::mem::take(&mut writer.kinds);
        tx.commit().map_err(storage)?;
        self.last_change = Some(ChangeInfo::new(label.to_string(), kinds));
        Ok((out, Some(change_id)))
    }

    /// Starts a batch: every [`ProjectFile::change`] until [`ProjectFile::end_batch`] writes into
    /// one change set of one transaction, so the whole batch is undone in one step and a failure
    /// anywhere leaves the file as it was (`zukunft apply`).
    pub fn begin_batch(&mut self, label: &str) -> Result<()> {
        if self.batch.is_some() {
            return Err(Error::invalid(
                "Befehlsdateien lassen sich nicht verschachteln.",
            ));
        }
        self.conn.execute_batch("BEGIN").map_err(storage)?;
        match start_change_set(&self.conn, label, &now_text(), &self.author) {
            Ok(change_id) => {
                self.batch = Some(Batch {
                    change_id,
                    label: label.to_string(),
                    wrote: 0,
                    kinds: Vec::new(),
                });
                Ok(())
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(storage(e))
            }
        }
    }

    /// Ends a batch: `keep` commits it (a batch that wrote nothing leaves no change set),
    /// otherwise everything since [`ProjectFile::begin_batch`] is rolled back.
    pub fn end_batch(&mut self, keep: bool) -> Result<()> {
        let Some(batch) = self.batch.take() else {
            return Ok(());
        };
        if keep && batch.wrote > 0 {
            self.conn.execute_batch("COMMIT").map_err(storage)?;
            self.last_change = Some(ChangeInfo::new(batch.label, batch.kinds));
            Ok(())
        } else {
            self.conn.execute_batch("ROLLBACK").map_err(storage)
        }
    }

    /// What the last committed change wrote (label, kinds, Bausteine), once: the next call
    /// returns `None` until another change is committed. The API sends it with the reply, so
    /// the window refreshes only what changed.
    pub fn take_last_change(&mut self) -> Option<ChangeInfo> {
        self.last_change.take()
    }

    /// Every stored row of a kind, deleted ones included, ordered by id (export, merge).
    pub fn rows(&self, kind: EntityKind) -> Result<Vec<StoredRow>> {
        read_rows(&self.conn, kind)
    }

    /// A stored binary file (logo) by its SHA-256 hash.
    pub fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        self.conn
            .query_row("SELECT data FROM blob WHERE hash = ?1", [hash], |r| {
                r.get(0)
            })
            .optional()
            .map_err(storage)
    }

    /// Every stored binary file, sorted by hash (export, merge).
    pub fn blobs(&self) -> Result<Vec<(String, Vec<u8>)>> {
        read_blobs(&self.conn)
    }

    /// All `meta` entries, sorted by key.
    pub fn meta_entries(&self) -> Result<Vec<(String, String)>> {
        two_columns(&self.conn, "SELECT key, value FROM meta ORDER BY key")
    }

    /// Writes rows and meta entries exactly as given, without journal (a new file being filled
    /// from an export). Refused unless the file holds no rows yet.
    pub fn load_rows(
        &mut self,
        meta: &[(String, String)],
        rows: &[(EntityKind, StoredRow)],
        blobs: &[Vec<u8>],
    ) -> Result<()> {
        let tx = self.conn.transaction().map_err(storage)?;
        for kind in EntityKind::ALL {
            let n: i64 = tx
                .query_row(&format!("SELECT count(*) FROM {}", kind.table()), [], |r| {
                    r.get(0)
                })
                .map_err(storage)?;
            if n > 0 {
                return Err(Error::invalid(
                    "In eine Datei mit Inhalt kann nicht importiert werden.",
                ));
            }
        }
        for (k, v) in meta {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                params![k, v],
            )
            .map_err(storage)?;
        }
        for data in blobs {
            tx.execute(
                "INSERT OR IGNORE INTO blob (hash, data) VALUES (?1, ?2)",
                params![blob_hash(data), data],
            )
            .map_err(storage)?;
        }
        for (kind, row) in rows {
            let sql = format!(
                "INSERT INTO {} (id, body, created_at, updated_at, deleted) VALUES (?1, ?2, ?3, ?4, ?5)",
                kind.table()
            );
            tx.execute(
                &sql,
                params![
                    row.id.to_string(),
                    serde_json::to_string(&row.body)?,
                    row.created_at,
                    row.updated_at,
                    row.deleted
                ],
            )
            .map_err(|e| match e.sqlite_error_code() {
                Some(SqlCode::ConstraintViolation) => {
                    Error::invalid(format!("Doppelte ID {} in „{}“.", row.id, kind.table()))
                }
                _ => storage(e),
            })?;
        }
        tx.commit().map_err(storage)
    }

    /// Sets meta entries in one transaction (catalogue copy, creation info). Not journaled:
    /// meta is written when a project is created, never edited by the user.
    pub fn set_meta(&mut self, entries: &[(&str, String)]) -> Result<()> {
        let tx = self.conn.transaction().map_err(storage)?;
        for (k, v) in entries {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                params![k, v],
            )
            .map_err(storage)?;
        }
        tx.commit().map_err(storage)
    }

    /// Time of the newest change (for "Gespeichert 14:32"); `None` for an untouched file.
    pub fn last_change_at(&self) -> Result<Option<DateTime<Utc>>> {
        let at: Option<String> = self
            .conn
            .query_row("SELECT max(at) FROM change_set", [], |r| r.get(0))
            .map_err(storage)?;
        Ok(at.and_then(|t| {
            DateTime::parse_from_rfc3339(&t)
                .ok()
                .map(|d| d.with_timezone(&Utc))
        }))
    }
}

/// The SHA-256 of a binary file as lower-case hex: its key in the `blob` table.
pub fn blob_hash(data: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether the file has a table (tables added by later schemas, in files read without migrating).
fn has_table(conn: &Connection, name: &str) -> Result<bool> {
    conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get(0),
    )
    .map_err(storage)
}

/// Opens a new change set inside the running transaction: what was undone can no longer be
/// redone (a new change discards it). Returns the change set's id.
fn start_change_set(
    conn: &Connection,
    label: &str,
    now: &str,
    author: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "UPDATE change_set SET state = 'discarded' WHERE state = 'undone'",
        [],
    )?;
    conn.execute(
        "INSERT INTO change_set (label, at, state, author) VALUES (?1, ?2, 'done', ?3)",
        params![label, now, author],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The rows of a two-column query.
fn two_columns<A: rusqlite::types::FromSql, B: rusqlite::types::FromSql>(
    conn: &Connection,
    sql: &str,
) -> Result<Vec<(A, B)>> {
    let mut stmt = conn.prepare(sql).map_err(storage)?;
    let out = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .and_then(|rows| rows.collect())
        .map_err(storage)?;
    Ok(out)
}

fn read_blobs(conn: &Connection) -> Result<Vec<(String, Vec<u8>)>> {
    if !has_table(conn, "blob")? {
        return Ok(Vec::new());
    }
    two_columns(conn, "SELECT hash, data FROM blob ORDER BY hash")
}

fn read_rows(conn: &Connection, kind: EntityKind) -> Result<Vec<StoredRow>> {
    let sql = format!(
        "SELECT id, created_at, updated_at, deleted, body FROM {} ORDER BY id",
        kind.table()
    );
    let mut stmt = conn.prepare(&sql).map_err(storage)?;
    let raw: Vec<(String, String, String, bool, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .and_then(|rows| rows.collect())
        .map_err(storage)?;
    raw.into_iter()
        .map(|(id, created_at, updated_at, deleted, body)| {
            Ok(StoredRow {
                id: parse_id(&id)?,
                created_at,
                updated_at,
                deleted,
                body: serde_json::from_str(&body)?,
            })
        })
        .collect()
}

fn parse_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|_| Error::Storage(format!("ungültige ID „{text}“")))
}

fn decode<T: Entity>(kind: EntityKind, body: &str) -> Result<T> {
    serde_json::from_str(body)
        .map_err(|e| Error::Storage(format!("Eintrag in „{}“ nicht lesbar: {e}", kind.table())))
}

/// The handle given to [`ProjectFile::change`]: the only way to write a domain row.
pub struct Writer<'a> {
    /// The open transaction (or, inside a batch, savepoint) of the change.
    tx: &'a Connection,
    change_id: i64,
    now: String,
    wrote: usize,
    /// Merge decisions recorded ([`Writer::mark_seen`]); they keep a change set without rows.
    marked: usize,
    /// The kinds of the rows written, in order of first write.
    kinds: Vec<EntityKind>,
}

/// A row's state as recorded in the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RowImage {
    body: serde_json::Value,
    deleted: bool,
}

impl Writer<'_> {
    /// Inserts or updates an entity. A nil id gets a fresh UUID v7. The lines of a one-line
    /// text are joined first ([`crate::model::join_one_line_fields`]), then it is validated.
    /// Returns the stored entity (with its id).
    pub fn put<T: Entity>(&mut self, mut entity: T) -> Result<T> {
        if entity.id().is_nil() {
            entity.set_id(Uuid::now_v7());
        }
        let mut body = serde_json::to_value(&entity)?;
        if crate::model::join_one_line_fields(T::KIND, &mut body) {
            entity = T::deserialize(&body)?;
        }
        entity.validate()?;
        self.write_image(
            T::KIND,
            entity.id(),
            Some(&RowImage {
                body,
                deleted: false,
            }),
        )?;
        Ok(entity)
    }

    /// Marks a row as deleted (tombstone). Missing or already deleted rows are an error.
    pub fn delete(&mut self, kind: EntityKind, id: Uuid) -> Result<()> {
        match self.read_image(kind, id)? {
            Some(img) if !img.deleted => self.write_image(
                kind,
                id,
                Some(&RowImage {
                    body: img.body,
                    deleted: true,
                }),
            ),
            _ => Err(Error::NotFound {
                what: kind.label(),
                id: id.to_string(),
            }),
        }
    }

    /// Stores a binary file (logo) once and returns its hash. Not journaled: rows refer to it by
    /// hash, and the journal of those rows is what undo replays.
    pub fn put_blob(&mut self, data: &[u8]) -> Result<String> {
        let hash = blob_hash(data);
        self.tx
            .execute(
                "INSERT OR IGNORE INTO blob (hash, data) VALUES (?1, ?2)",
                params![hash, data],
            )
            .map_err(storage)?;
        Ok(hash)
    }

    /// Whether a binary file with this hash is stored.
    pub fn has_blob(&self, hash: &str) -> Result<bool> {
        self.tx
            .query_row(
                "SELECT count(*) > 0 FROM blob WHERE hash = ?1",
                [hash],
                |r| r.get(0),
            )
            .map_err(storage)
    }

    /// Reads a live entity inside the transaction.
    pub fn get<T: Entity>(&self, id: Uuid) -> Result<Option<T>> {
        match self.read_image(T::KIND, id)? {
            Some(img) if !img.deleted => Ok(Some(serde_json::from_value(img.body)?)),
            _ => Ok(None),
        }
    }

    /// Live entities of a kind that match `keep`, inside the transaction, in creation order.
    pub fn list_where<T: Entity>(&self, keep: impl Fn(&T) -> bool) -> Result<Vec<T>> {
        let sql = format!(
            "SELECT body FROM {} WHERE deleted = 0 ORDER BY id",
            T::KIND.table()
        );
        let mut stmt = self.tx.prepare_cached(&sql).map_err(storage)?;
        let bodies: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(storage)?;
        let mut out = Vec::new();
        for body in &bodies {
            let entity: T = decode(T::KIND, body)?;
            if keep(&entity) {
                out.push(entity);
            }
        }
        Ok(out)
    }

    fn read_image(&self, kind: EntityKind, id: Uuid) -> Result<Option<RowImage>> {
        journal::read_image(self.tx, kind, id)
    }

    /// Writes `after` as the row's new state (None: the row did not exist → tombstone) and
    /// journals the change. Unchanged rows are not journaled.
    fn write_image(&mut self, kind: EntityKind, id: Uuid, after: Option<&RowImage>) -> Result<()> {
        let before = self.read_image(kind, id)?;
        if before.as_ref() == after {
            return Ok(());
        }
        journal::store_image(self.tx, kind, id, before.as_ref(), after, &self.now)?;
        journal::record(self.tx, self.change_id, kind, id, before.as_ref(), after)?;
        self.wrote = self.wrote.saturating_add(1);
        if !self.kinds.contains(&kind) {
            self.kinds.push(kind);
        }
        Ok(())
    }
}
