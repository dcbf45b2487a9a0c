//! Code24's storage ports, and nothing that implements them: the status store, the
//! artifact store, the site store and the analytics counters, with the records they keep
//! and the one error type they share. SQLite and files implement them in
//! `code24-store-local`, DynamoDB and S3 in `code24-store-aws`; this crate links neither.
//!
//! Invariants every implementation keeps: a finished workflow record (completed or
//! failed) is never overwritten; a deployed site version is immutable; readers never see
//! a half-written file.

pub mod analytics;
pub mod record;

pub use analytics::{AnalyticsStore, Counter};
pub use record::{WorkflowError, WorkflowRecord, WorkflowStatus};

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
    #[error("status database error: {message}")]
    Database {
        failure: DatabaseFailure,
        message: String,
    },
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("AWS {operation} failed: {message}")]
    Aws { operation: String, message: String },
}

/// What kind of failure a status database reported, as far as a client's answer cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseFailure {
    /// The disk is full.
    Full,
    /// The database or its folder cannot be written.
    ReadOnly,
    /// Another process holds the lock; trying again may work.
    Busy,
    Other,
}

impl StoreError {
    /// What a public response may say about this error: its kind, never a server path or
    /// an OS error's text (those go to the log).
    pub fn public_message(&self) -> String {
        use std::io::ErrorKind;
        let full = "the server's storage is full (no space left)";
        match self {
            StoreError::NotFound(_) => "not found".into(),
            StoreError::AlreadyExists(_) => "already exists".into(),
            StoreError::InvalidKey(_) => "an id or key is not valid".into(),
            StoreError::Io { source, .. } => match source.kind() {
                ErrorKind::StorageFull | ErrorKind::QuotaExceeded => full.into(),
                ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied => {
                    "the server's storage is read-only or not writable".into()
                }
                _ => "the server could not read or write its storage".into(),
            },
            StoreError::Database { failure, .. } => match failure {
                DatabaseFailure::Full => full.into(),
                DatabaseFailure::ReadOnly => {
                    "the server's storage is read-only or not writable".into()
                }
                DatabaseFailure::Busy => "the server's status database is busy; try again".into(),
                DatabaseFailure::Other => "the server's status database failed".into(),
            },
            StoreError::Corrupt(_) => "stored data could not be read".into(),
            StoreError::Aws { operation, .. } => format!("AWS {operation} failed"),
        }
    }
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
    /// Makes `owner` the owner of `site_id` if the site has none (one conditional write),
    /// and returns the site's owner after the call: `owner` itself when it was free.
    async fn claim_site(&self, site_id: &str, owner: &SiteOwner) -> Result<SiteOwner, StoreError>;
}

/// Who a site belongs to: the business (a build's name, an optimized page's URL) and the
/// workflow that created it. A build never publishes into a site another business owns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteOwner {
    pub name: String,
    pub workflow_id: String,
}

/// Why a site id could not be had for a workflow.
#[derive(Debug, thiserror::Error)]
pub enum SiteClaimError {
    #[error(
        "site '{site_id}' belongs to another business ({owner}); a rebuild must use the same name"
    )]
    OwnedByAnother { site_id: String, owner: String },
    #[error("{0}")]
    InvalidSiteId(String),
    #[error("no free site id near '{0}'")]
    Exhausted(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The site a workflow publishes into, claimed for it in `status`.
///
/// - `requested`: an explicit rebuild of that site. It is the workflow's when the site is
///   free or its owner has the same name; another business's site is refused.
/// - otherwise `base` (a slug), or when another workflow owns it, `base` with a short
///   suffix derived from the workflow id (so a retried start picks the same one). With
///   `share_same_name`, a site whose owner has the same name is reused (an optimized copy
///   of the same URL); without, every build gets a site of its own.
pub async fn claim_site_id(
    status: &dyn StatusStore,
    base: &str,
    owner: &SiteOwner,
    requested: Option<&str>,
    share_same_name: bool,
) -> Result<String, SiteClaimError> {
    if let Some(id) = requested {
        code24_domain::text::check_site_id(id).map_err(SiteClaimError::InvalidSiteId)?;
        let current = status.claim_site(id, owner).await?;
        return if current.workflow_id == owner.workflow_id || current.name == owner.name {
            Ok(id.to_string())
        } else {
            Err(SiteClaimError::OwnedByAnother {
                site_id: id.to_string(),
                owner: current.name,
            })
        };
    }
    let base = code24_domain::text::site_id_base(base);
    for attempt in 0..32u32 {
        let candidate = if attempt == 0 {
            base.clone()
        } else {
            let hash =
                code24_domain::text::stable_hash(&format!("{}:{attempt}", owner.workflow_id));
            format!("{base}-{:06x}", hash & 0xff_ffff)
        };
        let current = status.claim_site(&candidate, owner).await?;
        if current.workflow_id == owner.workflow_id
            || (share_same_name && current.name == owner.name)
        {
            return Ok(candidate);
        }
    }
    Err(SiteClaimError::Exhausted(base))
}

/// A site file checked and decoded for writing: its key is safe and its bytes are what
/// the store writes (a binary file's base64 decoded).
pub struct FileBytes<'a> {
    pub file: &'a SiteFile,
    pub bytes: Vec<u8>,
}

/// Checks every file's key and decodes every file, before a store writes any of them:
/// one bad file refuses the whole version.
pub fn file_bytes(files: &[SiteFile]) -> Result<Vec<FileBytes<'_>>, StoreError> {
    files
        .iter()
        .map(|file| {
            check_key(&file.path)?;
            let bytes = file
                .bytes()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok(FileBytes { file, bytes })
        })
        .collect()
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
