//! A/B assignment: which version of a site a visitor sees while an experiment runs.

use super::*;

impl Server {
    /// The version an A/B test shows this visitor, and a cookie to set for a new one;
    /// `None` when no experiment runs on the site.
    pub(super) async fn variant(
        &self,
        site_id: &str,
        headers: &hyper::HeaderMap,
    ) -> Option<(u64, Option<String>)> {
        let key = code24_pipeline::optimize::site_experiment_key(site_id);
        let bytes = self.artifacts.get(&key).await.ok()?;
        let experiment: code24_domain::optimization::experiment::Experiment =
            serde_json::from_slice(&bytes).ok()?;
        let version_of = |name: &str| {
            experiment
                .variants
                .iter()
                .find(|v| v.name == name)
                .map(|v| v.version)
        };
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if header("dnt") == Some("1") || header("sec-gpc") == Some("1") {
            return Some((
                version_of(code24_domain::optimization::experiment::CONTROL)?,
                None,
            ));
        }
        // A visitor id we could have set: 1 to 64 letters, digits and '-'.
        let existing = cookie(headers, VISITOR_COOKIE)
            .filter(|value| {
                (1..=64).contains(&value.len())
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
            .map(str::to_string);
        let (visitor, cookie) = match existing {
            Some(v) => (v, None),
            None => {
                let v = uuid::Uuid::new_v4().to_string();
                let path = format!("/sites/{}/", code24_domain::site::encode_segment(site_id));
                let cookie = format!(
                    "{VISITOR_COOKIE}={v}; Path={path}; Max-Age=2592000; SameSite=Lax; HttpOnly"
                );
                (v, Some(cookie))
            }
        };
        let name = code24_domain::optimization::experiment::assign(
            &experiment.experiment_id,
            &visitor,
            experiment.optimized_share,
        );
        Some((version_of(name)?, cookie))
    }
}
