//! The in-process Typst `World`: the template, the embedded fonts (`fonts`, read when used), the project data as the
//! virtual file `/data.json` and the charts as virtual SVG files. No system fonts, no network,
//! no packages.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};

use super::fonts;
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// A file id for a fixed virtual path (ids are interned per process, so paths never vary).
pub(super) fn file_id(path: &str) -> Option<FileId> {
    Some(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).ok()?).intern())
}

pub(super) struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    main: Source,
    /// Other `.typ` files of a template folder, by id.
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

impl ReportWorld {
    pub(super) fn new(
        main: (FileId, String),
        sources: Vec<(FileId, String)>,
        files: Vec<(FileId, Vec<u8>)>,
        today: Option<Datetime>,
    ) -> ReportWorld {
        ReportWorld {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(fonts::book()),
            main: Source::new(main.0, main.1),
            sources: sources
                .into_iter()
                .map(|(id, text)| (id, Source::new(id, text)))
                .collect(),
            files: files
                .into_iter()
                .map(|(id, bytes)| (id, Bytes::new(bytes)))
                .collect(),
            today,
        }
    }

    pub(super) fn source_of(&self, id: FileId) -> Option<&Source> {
        if id == self.main.id() {
            Some(&self.main)
        } else {
            self.sources.get(&id)
        }
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.source_of(id).cloned().ok_or(FileError::NotSource)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(source) = self.source_of(id) {
            return Ok(Bytes::from_string(source.text().to_string()));
        }
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().get_with_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts::font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
