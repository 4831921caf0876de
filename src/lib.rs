//! Zukunftskommune core: everything of the desktop app except windows and sockets.
//!
//! Map (see ARCHITECTURE.md):
//! * [`api`] – the one command surface (`Command`, `dispatch`); UI, CLI and tests enter here.
//! * [`model`] – domain types, one file per Baustein.
//! * [`store`] – the `.zukunft` project file; the only module that touches SQLite.
//! * [`analysis`] – scores, gaps, priorities, budgets, progress (pure).
//! * [`catalog`] – the methodology content copied into each new project.
//! * [`charts`] – SVG charts shared by the app and the report.
//! * [`recent`] – the start screen's list of recently opened projects.
//! * [`backup`] – automatic rotating backups in the app data folder.
//! * [`location`] – warnings for files in cloud-synced or network folders.
//! * [`merge`] – merging two copies of one project (pure planning).
//! * [`report`] – the strategy report as PDF (Typst in process).
//! * [`allocator`] – the programs' memory allocator (mimalloc).

// Public: the command surface, its error and domain types; `analysis` and `catalog` (pure
// functions and content the tests compare against); `store` for the benchmarks' store-level
// timings. The CLI and the shell name only `api`, `error`, `model` and the items re-exported
// here (tests/it/tidy.rs enforces it).
pub(crate) mod allocator;
pub mod analysis;
pub mod api;
pub(crate) mod backup;
pub mod catalog;
pub(crate) mod charts;
pub(crate) mod durable;
pub mod error;
pub mod export;
pub mod import;
pub(crate) mod location;
pub(crate) mod merge;
pub mod model;
pub(crate) mod recent;
pub(crate) mod report;
pub mod store;

pub use allocator::{tune_allocator, Allocator};
pub use api::{dispatch, dispatch_shared, Command, Reply, Session};
pub use error::{ApiError, Error, ErrorCode, Result};
