//! What the server reads off a request besides its route: cookies and query parameters.

pub(super) fn cookie<'a>(headers: &'a hyper::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (n, value) = c.trim().split_once('=')?;
            (n == name).then_some(value)
        })
}

/// The value of query parameter `name`, decoded.
pub(super) fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    code24_domain::text::form_fields(query?.as_bytes())?
        .into_iter()
        .find_map(|(k, v)| (k == name).then_some(v))
}
