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

/// The value of query parameter `name`, decoded. Only that parameter is decoded: a
/// malformed escape elsewhere in the query does not hide it.
pub(super) fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name)
            .then(|| code24_domain::text::form_decode(v))
            .flatten()
    })
}
