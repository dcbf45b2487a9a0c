//! Analytics counters: one count per site, day, page and event, incremented atomically
//! by each accepted beacon. The port only; SQLite (`code24-store-local`) and DynamoDB
//! (`code24-store-aws`) implement it.

use crate::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// One counter: how many times `event` happened on `page` of a site on `day`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    pub page: String,
    pub event: String,
    pub count: u64,
}

#[async_trait]
pub trait AnalyticsStore: Send + Sync {
    /// Adds one to the counter; concurrent calls never lose a count.
    async fn count(
        &self,
        site_id: &str,
        day: &str,
        page: &str,
        event: &str,
    ) -> Result<(), StoreError>;
    /// Every counter of one site, ordered by day, page and event.
    async fn counters(&self, site_id: &str) -> Result<Vec<Counter>, StoreError>;
}
