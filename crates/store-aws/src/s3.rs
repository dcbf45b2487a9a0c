//! Artifacts and sites in S3. Artifacts live under `artifacts/{key}`. A site version is
//! published under `sites/{siteId}/versions/{n}/` (kept, immutable: the history to roll
//! back to), then made live by writing the same files under `sites/{siteId}/live/`, which
//! is what CloudFront serves at `/sites/{siteId}/`, removing live files the new version no
//! longer has, and last rewriting `sites/{siteId}/live.json`. Version numbers come from an
//! atomic counter in the status table, so two concurrent publishes never share a version.

use crate::aws_error;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use aws_sdk_s3::primitives::ByteStream;
use code24_domain::site::SiteFile;
use code24_store::{
    check_key, file_bytes, ArtifactStore, FileBytes, PublishedVersion, SiteStore, StoreError,
};

pub struct S3ArtifactStore {
    client: aws_sdk_s3::Client,
    bucket: String,
}

impl S3ArtifactStore {
    pub fn new(client: aws_sdk_s3::Client, bucket: impl Into<String>) -> S3ArtifactStore {
        S3ArtifactStore {
            client,
            bucket: bucket.into(),
        }
    }
}

#[async_trait]
impl ArtifactStore for S3ArtifactStore {
    async fn put(&self, key: &str, body: &[u8], content_type: &str) -> Result<(), StoreError> {
        check_key(key)?;
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(format!("artifacts/{key}"))
            .content_type(content_type)
            .body(ByteStream::from(body.to_vec()))
            .send()
            .await
            .map_err(|e| aws_error("PutObject", e))?;
        Ok(())
    }

    async fn get(&self, key: &str) -> Result<Vec<u8>, StoreError> {
        check_key(key)?;
        let out = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(format!("artifacts/{key}"))
            .send()
            .await;
        match out {
            Ok(o) => Ok(o
                .body
                .collect()
                .await
                .map_err(|e| aws_error("GetObject", e))?
                .into_bytes()
                .to_vec()),
            Err(e) if e.as_service_error().is_some_and(|se| se.is_no_such_key()) => {
                Err(StoreError::NotFound(key.to_string()))
            }
            Err(e) => Err(aws_error("GetObject", e)),
        }
    }
}

pub struct S3SiteStore {
    s3: aws_sdk_s3::Client,
    dynamodb: aws_sdk_dynamodb::Client,
    bucket: String,
    table: String,
}

/// Cache policy of a file in an immutable version folder: HTML, XML and text are
/// revalidated quickly anyway; everything else never changes.
pub fn cache_control(path: &str) -> &'static str {
    if is_document(path) {
        "public, max-age=60, must-revalidate"
    } else {
        "public, max-age=31536000, immutable"
    }
}

/// Cache policy of a live file, which the next version replaces at the same URL: at most
/// a minute for documents and five for everything else.
pub fn live_cache_control(path: &str) -> &'static str {
    if is_document(path) {
        "public, max-age=60, must-revalidate"
    } else {
        "public, max-age=300"
    }
}

fn is_document(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".txt")
}

impl S3SiteStore {
    pub fn new(
        s3: aws_sdk_s3::Client,
        dynamodb: aws_sdk_dynamodb::Client,
        bucket: impl Into<String>,
        table: impl Into<String>,
    ) -> S3SiteStore {
        S3SiteStore {
            s3,
            dynamodb,
            bucket: bucket.into(),
            table: table.into(),
        }
    }

    fn check_site(site_id: &str) -> Result<(), StoreError> {
        check_key(site_id)?;
        if site_id.contains('/') {
            return Err(StoreError::InvalidKey(site_id.to_string()));
        }
        Ok(())
    }

    async fn put_file(&self, key: &str, f: &FileBytes<'_>, cache: &str) -> Result<(), StoreError> {
        self.s3
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(&f.file.content_type)
            .cache_control(cache)
            .body(ByteStream::from(f.bytes.clone()))
            .send()
            .await
            .map_err(|e| aws_error("PutObject", e))?;
        Ok(())
    }

    /// Every key under `prefix`, across pages.
    async fn keys_under(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let mut keys = Vec::new();
        let mut pages = self
            .s3
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(prefix)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| aws_error("ListObjectsV2", e))?;
            keys.extend(
                page.contents()
                    .iter()
                    .filter_map(|o| o.key().map(str::to_string)),
            );
        }
        Ok(keys)
    }

    /// Writes `files` (version `version`'s) under `sites/{id}/live/`, removes live files
    /// it does not have, then points `live.json` at it.
    async fn make_live(
        &self,
        site_id: &str,
        version: u64,
        files: &[FileBytes<'_>],
    ) -> Result<(), StoreError> {
        let live = format!("sites/{site_id}/live/");
        for f in files {
            let path = &f.file.path;
            self.put_file(&format!("{live}{path}"), f, live_cache_control(path))
                .await?;
        }
        let current: std::collections::HashSet<String> = files
            .iter()
            .map(|f| format!("{live}{}", f.file.path))
            .collect();
        for stale in self.keys_under(&live).await? {
            if !current.contains(&stale) {
                self.s3
                    .delete_object()
                    .bucket(&self.bucket)
                    .key(&stale)
                    .send()
                    .await
                    .map_err(|e| aws_error("DeleteObject", e))?;
            }
        }
        self.s3
            .put_object()
            .bucket(&self.bucket)
            .key(format!("sites/{site_id}/live.json"))
            .content_type("application/json")
            .cache_control("no-cache")
            .body(ByteStream::from(
                serde_json::json!({"version": version, "prefix": format!("sites/{site_id}/versions/{version}/")})
                    .to_string()
                    .into_bytes(),
            ))
            .send()
            .await
            .map_err(|e| aws_error("PutObject", e))?;
        Ok(())
    }

    async fn next_version(&self, site_id: &str) -> Result<u64, StoreError> {
        let out = self
            .dynamodb
            .update_item()
            .table_name(&self.table)
            .key("workflowId", AttributeValue::S(format!("site#{site_id}")))
            .update_expression("ADD siteVersion :one")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(|e| aws_error("UpdateItem", e))?;
        out.attributes
            .as_ref()
            .and_then(|a| a.get("siteVersion"))
            .and_then(|v| v.as_n().ok())
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| StoreError::Corrupt(format!("no version counter for site {site_id}")))
    }
}

#[async_trait]
impl SiteStore for S3SiteStore {
    /// The files of a published version, read back with their content types.
    async fn version_files(
        &self,
        site_id: &str,
        version: u64,
    ) -> Result<Vec<SiteFile>, StoreError> {
        let prefix = format!("sites/{site_id}/versions/{version}/");
        let mut files = Vec::new();
        for key in self.keys_under(&prefix).await? {
            let out = self
                .s3
                .get_object()
                .bucket(&self.bucket)
                .key(&key)
                .send()
                .await
                .map_err(|e| aws_error("GetObject", e))?;
            let content_type = out
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_string();
            let bytes = out
                .body
                .collect()
                .await
                .map_err(|e| aws_error("GetObject", e))?
                .into_bytes();
            files.push(SiteFile::from_bytes(
                &key[prefix.len()..],
                &content_type,
                bytes.to_vec(),
            ));
        }
        Ok(files)
    }

    async fn live_sites(&self) -> Result<Vec<String>, StoreError> {
        let mut ids = Vec::new();
        for key in self.keys_under("sites/").await? {
            let mut parts = key.split('/');
            if let (Some("sites"), Some(id), Some("live.json"), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            {
                ids.push(id.to_string());
            }
        }
        ids.sort();
        Ok(ids)
    }

    async fn publish(
        &self,
        site_id: &str,
        files: &[SiteFile],
    ) -> Result<PublishedVersion, StoreError> {
        Self::check_site(site_id)?;
        // Every key is checked and every file decoded before anything is written.
        let files = file_bytes(files)?;
        let version = self.next_version(site_id).await?;
        let prefix = format!("sites/{site_id}/versions/{version}/");
        for f in &files {
            let path = &f.file.path;
            self.put_file(&format!("{prefix}{path}"), f, cache_control(path))
                .await?;
        }
        self.make_live(site_id, version, &files).await?;
        Ok(PublishedVersion {
            version,
            location: format!("s3://{}/{prefix}", self.bucket),
            local_path: None,
        })
    }

    async fn versions(&self, site_id: &str) -> Result<Vec<u64>, StoreError> {
        Self::check_site(site_id)?;
        let prefix = format!("sites/{site_id}/versions/");
        let mut found = std::collections::BTreeSet::new();
        for key in self.keys_under(&prefix).await? {
            let number = key[prefix.len()..]
                .split('/')
                .next()
                .and_then(|n| n.parse::<u64>().ok());
            found.extend(number);
        }
        Ok(found.into_iter().collect())
    }

    async fn rollback(&self, site_id: &str, version: u64) -> Result<(), StoreError> {
        Self::check_site(site_id)?;
        let files = self.version_files(site_id, version).await?;
        if files.is_empty() {
            return Err(StoreError::NotFound(format!(
                "sites/{site_id}/versions/{version}"
            )));
        }
        self.make_live(site_id, version, &file_bytes(&files)?).await
    }

    async fn live_version(&self, site_id: &str) -> Result<Option<u64>, StoreError> {
        Self::check_site(site_id)?;
        let out = self
            .s3
            .get_object()
            .bucket(&self.bucket)
            .key(format!("sites/{site_id}/live.json"))
            .send()
            .await;
        match out {
            Ok(o) => {
                let bytes = o
                    .body
                    .collect()
                    .await
                    .map_err(|e| aws_error("GetObject", e))?
                    .into_bytes();
                let v: serde_json::Value = serde_json::from_slice(&bytes)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                Ok(v.get("version").and_then(|n| n.as_u64()))
            }
            Err(e) if e.as_service_error().is_some_and(|se| se.is_no_such_key()) => Ok(None),
            Err(e) => Err(aws_error("GetObject", e)),
        }
    }
}
