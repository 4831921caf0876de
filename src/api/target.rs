//! Files written where the consultant says (report, exports, workshop sheets, a copy to send): never over the
//! open project (under any name), never into a folder's place, only under the file extension of
//! what is written, and an existing file only when it is of the same kind. A refused target is
//! left as it was, and nothing is built before the target is checked.

use std::path::Path;

use crate::error::{Error, Result};
use crate::store::ProjectFile;

/// What kind of file is written to a path the consultant chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FileKind {
    Pdf,
    Word,
    Excel,
    Calendar,
    /// A copy of the project („Kopie senden…“).
    Project,
}

impl FileKind {
    fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Word => "docx",
            FileKind::Excel => "xlsx",
            FileKind::Calendar => "ics",
            FileKind::Project => "zukunft",
        }
    }

    /// „als PDF“: how the message names the kind.
    fn written_as(self) -> &'static str {
        match self {
            FileKind::Pdf => "als PDF",
            FileKind::Word => "als Word-Datei",
            FileKind::Excel => "als Excel-Arbeitsmappe",
            FileKind::Calendar => "als Kalender",
            FileKind::Project => "als Projektdatei",
        }
    }

    /// „kein PDF“: what an existing file of another kind is not.
    fn not_one(self) -> &'static str {
        match self {
            FileKind::Pdf => "kein PDF",
            FileKind::Word => "keine Word-Datei",
            FileKind::Excel => "keine Excel-Arbeitsmappe",
            FileKind::Calendar => "kein Kalender",
            FileKind::Project => "keine Projektdatei",
        }
    }

    /// Whether a file beginning with `head` is of this kind (Word and Excel files are ZIP
    /// archives; a calendar may begin with a byte order mark).
    fn begins(self, head: &[u8]) -> bool {
        match self {
            FileKind::Pdf => head.starts_with(b"%PDF-"),
            FileKind::Word | FileKind::Excel => head.starts_with(b"PK\x03\x04"),
            FileKind::Calendar => {
                let text = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
                text.len() >= 15 && text[..15].eq_ignore_ascii_case(b"BEGIN:VCALENDAR")
            }
            FileKind::Project => head.starts_with(b"SQLite format 3\0"),
        }
    }
}

/// Refuses a target for `what` („Der Bericht“, „Die Datei mit den Bögen“) written as `kind`
/// that would destroy something: the open project itself (under any name), a folder, a name
/// without the kind's extension, or an existing file of another kind.
pub(super) fn check_target(
    file: &ProjectFile,
    target: &Path,
    what: &str,
    kind: FileKind,
) -> Result<()> {
    if crate::durable::same_file(target, file.path()) {
        return Err(Error::invalid(format!(
            "{what} kann nicht über die geöffnete Projektdatei geschrieben werden. Bitte wählen Sie einen anderen Dateinamen."
        )));
    }
    if target.is_dir() {
        return Err(Error::invalid(format!(
            "„{}“ ist ein Ordner; bitte geben Sie einen Dateinamen an.",
            target.display()
        )));
    }
    let extension = kind.extension();
    if !target
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
    {
        return Err(Error::invalid(format!(
            "{what} wird {} geschrieben; bitte einen Dateinamen mit der Endung „.{extension}“ wählen (angegeben: „{}“).",
            kind.written_as(),
            target.display()
        )));
    }
    if target.exists() {
        use std::io::Read;
        let mut head = Vec::with_capacity(32);
        let read = std::fs::File::open(target).and_then(|f| f.take(32).read_to_end(&mut head));
        if read.is_err() || !kind.begins(&head) {
            return Err(Error::invalid(format!(
                "„{}“ existiert bereits und ist {}; sie wird nicht überschrieben.",
                target.display(),
                kind.not_one()
            )));
        }
    }
    Ok(())
}

/// Refuses a folder for the Open Data package that is the open project or another file.
pub(super) fn check_folder_target(file: &ProjectFile, target: &Path) -> Result<()> {
    if crate::durable::same_file(target, file.path()) || target.is_file() {
        return Err(Error::invalid(format!(
            "„{}“ ist eine Datei; das Open-Data-Paket braucht einen Ordner.",
            target.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::FileKind;

    #[test]
    fn kinds_are_told_by_their_first_bytes() {
        assert!(FileKind::Pdf.begins(b"%PDF-1.7\n"));
        assert!(!FileKind::Pdf.begins(b"PK\x03\x04"));
        assert!(FileKind::Word.begins(b"PK\x03\x04\x14\x00"));
        assert!(FileKind::Excel.begins(b"PK\x03\x04\x14\x00"));
        assert!(!FileKind::Word.begins(b"SQLite format 3\0"));
        assert!(FileKind::Calendar.begins(b"BEGIN:VCALENDAR\r\nVERSION:2.0"));
        assert!(FileKind::Calendar.begins("\u{feff}BEGIN:VCALENDAR\r\n".as_bytes()));
        assert!(!FileKind::Calendar.begins(b"BEGIN:VCARD"));
        assert!(!FileKind::Calendar.begins(b""));
        assert!(FileKind::Project.begins(b"SQLite format 3\0\x10\x00"));
        assert!(!FileKind::Project.begins(b"wichtig\n"));
    }
}
