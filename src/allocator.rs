//! The programs' memory allocator: mimalloc, for `zukunft`, the window and the report
//! benchmarks (each names it as its `#[global_allocator]`; a tidy rule checks both `main`s).
//!
//! Why: Typst allocates and frees millions of small objects per report, on several threads.
//! With glibc's malloc a third of `zukunft report` went to the allocator, `mprotect` and page
//! faults. Built without transparent huge pages (`no_thp`): with them the demo report varied
//! between 139 and 226 ms from run to run and the 1,500-measure report took 20 % longer (the
//! kernel finding and zeroing 2 MiB pages). Measured in ARCHITECTURE.md „Where the report's
//! time goes“.

pub use mimalloc::MiMalloc as Allocator;

/// `mi_option_purge_decommits`: index 5 of `mi_option_e` in mimalloc 2 and 3 (libmimalloc-sys
/// names no constant for it).
const PURGE_DECOMMITS: std::os::raw::c_int = 5;

/// Call first in `main`. Memory mimalloc gives back is reset (`MADV_FREE`) instead of
/// decommitted, which spends less system time on large reports.
pub fn tune_allocator() {
    // SAFETY: sets a process-wide option, read by mimalloc each time it purges memory.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DECOMMITS, 0) }
}
