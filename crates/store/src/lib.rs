//! Storage ports for Code24 and their local implementations: the status store (SQLite,
//! durable and safe for several processes), the artifact store and the site store (files,
//! written atomically). AWS implementations (DynamoDB, S3) implement the same traits.
//!
//! Invariants: a finished workflow record (completed or failed) is never overwritten;
//! a deployed site version is immutable; readers never see a half-written file.

pub mod analytics;
pub mod executions;
pub mod fs;
pub mod record;
pub mod sqlite;

pub use analytics::{AnalyticsStore, Counter};
pub use executions::ExecutionRecord;
pub use fs::{FsArtifactStore, FsSiteStore};
pub use record::{WorkflowError, WorkflowRecord, WorkflowStatus};
pub use sqlite::SqliteStatusStore;

use async_trait::async_trait;
use code24_domain::site::SiteFile;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found: {0}")]
    NotFound(String),
    #[error("already exists: {0}")]
    AlreadyExists(String),
    #[error(
        "invalid key '{0}': keys are relative paths of letters, digits, '-', '_', '.' and '/'"
    )]
    InvalidKey(String),
    #[error("storage I/O error at {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("status database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("AWS {operation} failed: {message}")]
    Aws { operation: String, message: String },
}

/// Large artifacts by key (`workflows/{id}/brand.json`); payloads carry keys only.
#[async_trait]
pub trait ArtifactStore: Send + Sync {
    async fn put(&self, key: &str, body: &[u8], content_type: &str) -> Result<(), StoreError>;
    async fn get(&self, key: &str) -> Result<Vec<u8>, StoreError>;
}

/// A deployed, immutable version of a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedVersion {
    pub version: u64,
    /// Where the version's files are, as the store names them (a directory, an S3 prefix).
    pub location: String,
    /// The directory holding the files, when they are on this machine.
    pub local_path: Option<PathBuf>,
}

/// Deployed sites: every publish is a new immutable version, then made live.
#[async_trait]
pub trait SiteStore: Send + Sync {
    async fn publish(
        &self,
        site_id: &str,
        files: &[SiteFile],
    ) -> Result<PublishedVersion, StoreError>;
    async fn live_version(&self, site_id: &str) -> Result<Option<u64>, StoreError>;
    /// Every published version of a site, oldest first.
    async fn versions(&self, site_id: &str) -> Result<Vec<u64>, StoreError>;
    /// Makes a published version live again. No version is changed; `NotFound` names a
    /// version that does not exist, and then the live version stays as it was.
    async fn rollback(&self, site_id: &str, version: u64) -> Result<(), StoreError>;
    /// The ids of every site that has a live version, sorted.
    async fn live_sites(&self) -> Result<Vec<String>, StoreError>;
    /// The files of a published version, with their content types; `NotFound` if the
    /// version does not exist.
    async fn version_files(&self, site_id: &str, version: u64)
        -> Result<Vec<SiteFile>, StoreError>;
}

/// Workflow status records.
#[async_trait]
pub trait StatusStore: Send + Sync {
    /// Creates a record; `AlreadyExists` if the workflowId is taken.
    async fn create(&self, record: &WorkflowRecord) -> Result<(), StoreError>;
    async fn get(&self, workflow_id: &str) -> Result<Option<WorkflowRecord>, StoreError>;
    /// Notes the step a running workflow is in.
    async fn set_step(&self, workflow_id: &str, step: &str, at: &str) -> Result<(), StoreError>;
    /// Ends a running workflow. Returns false, changing nothing, if it had already ended.
    async fn finish(&self, record: &WorkflowRecord) -> Result<bool, StoreError>;
    /// The most recent records, newest first.
    async fn list(&self, limit: usize) -> Result<Vec<WorkflowRecord>, StoreError>;
}

/// Checks a store key: relative, no `..`, a safe alphabet.
pub fn check_key(key: &str) -> Result<(), StoreError> {
    let ok = !key.is_empty()
        && !key.starts_with('/')
        && key
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./".contains(c));
    if ok {
        Ok(())
    } else {
        Err(StoreError::InvalidKey(key.to_string()))
    }
}
