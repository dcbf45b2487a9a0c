//! File-system stores: artifacts under `artifacts/`, sites under
//! `sites/{siteId}/versions/{n}/` with a `live` pointer file. Every file is written to a
//! temporary name and renamed into place, so a reader never sees half a file.

use async_trait::async_trait;
use code24_domain::site::SiteFile;
use code24_store::{check_key, file_bytes, ArtifactStore, PublishedVersion, SiteStore, StoreError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static STAGING_COUNTER: AtomicU64 = AtomicU64::new(0);

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes `body` to `path` atomically (temporary file, fsync, rename).
pub fn write_atomic(path: &Path, body: &[u8]) -> Result<(), StoreError> {
    let dir = path
        .parent()
        .ok_or_else(|| StoreError::InvalidKey(path.display().to_string()))?;
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id(),
        STAGING_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let mut f = std::fs::File::create(&tmp).map_err(io_err(&tmp))?;
    f.write_all(body).map_err(io_err(&tmp))?;
    f.sync_all().map_err(io_err(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io_err(path))
}

pub struct FsArtifactStore {
    root: PathBuf,
}

impl FsArtifactStore {
    pub fn new(root: impl Into<PathBuf>) -> FsArtifactStore {
        FsArtifactStore { root: root.into() }
    }
}

#[async_trait]
impl ArtifactStore for FsArtifactStore {
    async fn put(&self, key: &str, body: &[u8], _content_type: &str) -> Result<(), StoreError> {
        check_key(key)?;
        write_atomic(&self.root.join(key), body)
    }

    async fn get(&self, key: &str) -> Result<Vec<u8>, StoreError> {
        check_key(key)?;
        let path = self.root.join(key);
        std::fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::NotFound(key.to_string()),
            _ => StoreError::Io {
                path: path.display().to_string(),
                source: e,
            },
        })
    }
}

/// The content type a site file is served with, from its extension.
pub fn content_type_of(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

pub struct FsSiteStore {
    root: PathBuf,
}

impl FsSiteStore {
    pub fn new(root: impl Into<PathBuf>) -> FsSiteStore {
        FsSiteStore { root: root.into() }
    }

    fn site_dir(&self, site_id: &str) -> Result<PathBuf, StoreError> {
        check_key(site_id)?;
        if site_id.contains('/') {
            return Err(StoreError::InvalidKey(site_id.to_string()));
        }
        Ok(self.root.join(site_id))
    }

    /// The directory of a version's files.
    pub fn version_dir(&self, site_id: &str, version: u64) -> Result<PathBuf, StoreError> {
        Ok(self
            .site_dir(site_id)?
            .join("versions")
            .join(version.to_string()))
    }
}

#[async_trait]
impl SiteStore for FsSiteStore {
    async fn live_sites(&self) -> Result<Vec<String>, StoreError> {
        let entries = match std::fs::read_dir(&self.root) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(StoreError::Io {
                    path: self.root.display().to_string(),
                    source,
                })
            }
        };
        let mut ids = Vec::new();
        for entry in entries.flatten() {
            let id = entry.file_name().to_string_lossy().to_string();
            if check_key(&id).is_ok() && self.live_version(&id).await?.is_some() {
                ids.push(id);
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
        let versions = self.site_dir(site_id)?.join("versions");
        std::fs::create_dir_all(&versions).map_err(io_err(&versions))?;
        let contents = file_bytes(files)?;
        // Stage the version under a private name, then claim the next number by renaming
        // the whole directory: a version appears complete or not at all.
        let n = STAGING_COUNTER.fetch_add(1, Ordering::Relaxed);
        let staging = versions.join(format!(".staging-{}-{n}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
        }
        for f in &contents {
            write_atomic(&staging.join(&f.file.path), &f.bytes)?;
        }
        let mut version = std::fs::read_dir(&versions)
            .map_err(io_err(&versions))?
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        let dir = loop {
            let candidate = versions.join(version.to_string());
            if !candidate.exists() {
                match std::fs::rename(&staging, &candidate) {
                    Ok(()) => break candidate,
                    Err(_) if candidate.exists() => {}
                    Err(e) => return Err(io_err(&candidate)(e)),
                }
            }
            version += 1;
        };
        write_atomic(
            &self.site_dir(site_id)?.join("live"),
            version.to_string().as_bytes(),
        )?;
        Ok(PublishedVersion {
            version,
            location: dir.display().to_string(),
            local_path: Some(dir),
        })
    }

    async fn version_files(
        &self,
        site_id: &str,
        version: u64,
    ) -> Result<Vec<SiteFile>, StoreError> {
        let root = self.version_dir(site_id, version)?;
        if !root.is_dir() {
            return Err(StoreError::NotFound(format!(
                "sites/{site_id}/versions/{version}"
            )));
        }
        let mut files = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).map_err(io_err(&dir))? {
                let path = entry.map_err(io_err(&dir))?.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let bytes = std::fs::read(&path).map_err(io_err(&path))?;
                let relative = path
                    .strip_prefix(&root)
                    .map_err(|_| StoreError::Corrupt(path.display().to_string()))?
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push(SiteFile::from_bytes(
                    &relative,
                    content_type_of(&relative),
                    bytes,
                ));
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    async fn versions(&self, site_id: &str) -> Result<Vec<u64>, StoreError> {
        let versions = self.site_dir(site_id)?.join("versions");
        let entries = match std::fs::read_dir(&versions) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_err(&versions)(e)),
        };
        let mut found: Vec<u64> = entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u64>().ok())
            .collect();
        found.sort_unstable();
        Ok(found)
    }

    async fn rollback(&self, site_id: &str, version: u64) -> Result<(), StoreError> {
        let dir = self.version_dir(site_id, version)?;
        if !dir.is_dir() {
            return Err(StoreError::NotFound(format!(
                "sites/{site_id}/versions/{version}"
            )));
        }
        write_atomic(
            &self.site_dir(site_id)?.join("live"),
            version.to_string().as_bytes(),
        )
    }

    async fn live_version(&self, site_id: &str) -> Result<Option<u64>, StoreError> {
        let path = self.site_dir(site_id)?.join("live");
        match std::fs::read_to_string(&path) {
            Ok(text) => text.trim().parse().map(Some).map_err(|_| {
                StoreError::Corrupt(format!("{} is not a version number", path.display()))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_err(&path)(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, body: &str) -> SiteFile {
        SiteFile::text(path, "text/html", body.into())
    }

    #[tokio::test]
    async fn a_binary_file_is_written_as_its_bytes_and_read_back_binary() {
        let dir = tempfile::tempdir().unwrap();
        let sites = FsSiteStore::new(dir.path());
        // Not UTF-8: a PNG signature and a byte that no UTF-8 text has.
        let png: &[u8] = b"\x89PNG\r\n\x1a\n\xff\x00";
        let files = [
            file("index.html", "<p>é</p>"),
            SiteFile::binary("og.png", "image/png", png),
        ];
        let v = sites.publish("crumb-co", &files).await.unwrap();
        let on_disk = std::fs::read(v.local_path.unwrap().join("og.png")).unwrap();
        assert_eq!(on_disk, png);
        let back = sites.version_files("crumb-co", v.version).await.unwrap();
        let image = back.iter().find(|f| f.path == "og.png").unwrap();
        assert!(image.base64);
        assert_eq!(image.content_type, "image/png");
        assert_eq!(image.bytes().unwrap(), png);
        let page = back.iter().find(|f| f.path == "index.html").unwrap();
        assert_eq!((page.base64, page.body.as_str()), (false, "<p>é</p>"));
        // A file marked base64 whose body does not decode is refused, and nothing of
        // that version is published.
        let mut broken = SiteFile::binary("og.png", "image/png", png);
        broken.body.push('!');
        let err = sites.publish("crumb-co", &[broken]).await.unwrap_err();
        assert!(
            matches!(&err, StoreError::Corrupt(m) if m.contains("og.png")),
            "{err}"
        );
        assert_eq!(sites.versions("crumb-co").await.unwrap(), vec![1]);
    }

    #[tokio::test]
    async fn every_publish_is_a_new_immutable_version_made_live() {
        let dir = tempfile::tempdir().unwrap();
        let sites = FsSiteStore::new(dir.path());
        let v1 = sites
            .publish("crumb-co", &[file("index.html", "one")])
            .await
            .unwrap();
        let v2 = sites
            .publish("crumb-co", &[file("index.html", "two")])
            .await
            .unwrap();
        assert_eq!((v1.version, v2.version), (1, 2));
        assert_eq!(
            std::fs::read_to_string(v1.local_path.unwrap().join("index.html")).unwrap(),
            "one"
        );
        assert_eq!(sites.live_version("crumb-co").await.unwrap(), Some(2));
        assert_eq!(sites.versions("crumb-co").await.unwrap(), vec![1, 2]);
        sites.rollback("crumb-co", 1).await.unwrap();
        assert_eq!(sites.live_version("crumb-co").await.unwrap(), Some(1));
        let missing = sites.rollback("crumb-co", 7).await.unwrap_err();
        assert!(
            matches!(&missing, StoreError::NotFound(k) if k.ends_with("versions/7")),
            "{missing}"
        );
        assert_eq!(sites.live_version("crumb-co").await.unwrap(), Some(1));
        assert!(sites.versions("no-such-site").await.unwrap().is_empty());
        let files = sites.version_files("crumb-co", 2).await.unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(
            (files[0].path.as_str(), files[0].body.as_str()),
            ("index.html", "two")
        );
        assert_eq!(files[0].content_type, "text/html; charset=utf-8");
        assert!(matches!(
            sites.version_files("crumb-co", 9).await,
            Err(StoreError::NotFound(_))
        ));
        assert!(sites.publish("../x", &[]).await.is_err());
        assert!(sites.publish("ok", &[file("../evil", "x")]).await.is_err());
    }

    #[tokio::test]
    async fn artifacts_round_trip_and_refuse_escaping_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsArtifactStore::new(dir.path());
        store
            .put("workflows/w1/brand.json", b"{}", "application/json")
            .await
            .unwrap();
        assert_eq!(store.get("workflows/w1/brand.json").await.unwrap(), b"{}");
        assert!(matches!(
            store.get("workflows/w1/none.json").await,
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            store.put("../x", b"", "").await,
            Err(StoreError::InvalidKey(_))
        ));
    }
}
