//! The storage ports of `code24-store` on one machine, for the `code24` command and its
//! tests: the status store, the execution journal and the analytics counters in one
//! SQLite database (WAL mode, safe for several processes), and the artifact and site
//! stores as files written atomically. No Lambda links this crate.

pub mod analytics;
pub mod executions;
pub mod fs;
pub mod sqlite;

pub use executions::ExecutionRecord;
pub use fs::{FsArtifactStore, FsSiteStore};
pub use sqlite::SqliteStatusStore;

use code24_store::{DatabaseFailure, StoreError};

/// A failure inside a database call: SQLite's own, or a store error raised there. Lets
/// `?` work on both inside [`SqliteStatusStore`]'s calls; it becomes a [`StoreError`] at
/// the edge of this crate.
#[derive(Debug)]
pub(crate) enum DbError {
    Sqlite(rusqlite::Error),
    Store(StoreError),
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        DbError::Sqlite(e)
    }
}

impl From<StoreError> for DbError {
    fn from(e: StoreError) -> DbError {
        DbError::Store(e)
    }
}

impl From<DbError> for StoreError {
    fn from(e: DbError) -> StoreError {
        match e {
            DbError::Store(e) => e,
            DbError::Sqlite(e) => {
                use rusqlite::ErrorCode as Code;
                let failure = match e.sqlite_error_code() {
                    Some(Code::DiskFull) => DatabaseFailure::Full,
                    Some(Code::ReadOnly) => DatabaseFailure::ReadOnly,
                    Some(Code::DatabaseBusy | Code::DatabaseLocked) => DatabaseFailure::Busy,
                    _ => DatabaseFailure::Other,
                };
                StoreError::Database {
                    failure,
                    message: e.to_string(),
                }
            }
        }
    }
}
