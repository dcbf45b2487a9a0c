//! A safe fetcher for pages Code24 did not build (the OptimizationWorkflow's site
//! analysis). It owns the rules that keep a user-supplied URL from reaching anything
//! private:
//!
//! - only `http` and `https`;
//! - every address a host resolves to must be public: every range of the IANA IPv4 and
//!   IPv6 special-purpose registries is refused ([`IPV4_SPECIAL`], [`IPV6_SPECIAL`]:
//!   loopback, private, shared (CGNAT), link-local with the cloud metadata address,
//!   unique-local, site-local, multicast, documentation, discard, …), and so is every IPv6
//!   form that embeds an IPv4 address (mapped, translated, compatible, NAT64, 6to4,
//!   Teredo), whatever it embeds (numeric hosts such as `2130706433` are normalised by the
//!   URL parser first);
//! - the connection goes to the address that was checked (no second DNS lookup to rebind);
//! - redirects are followed by hand, each target checked the same way, at most
//!   [`FetchPolicy::max_redirects`];
//! - a time limit for the whole fetch and a byte limit on the body;
//! - an honest User-Agent, and robots.txt (`User-agent: *` or `code24`) is honoured.
//!
//! `FetchPolicy::allow_loopback` lets tests and local use reach 127.0.0.1 / ::1 only.

use reqwest::Url;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

pub const USER_AGENT: &str = concat!(
    "Code24-Audit/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/code24; site audits on request of the site's owner)"
);

#[derive(Debug, Clone)]
pub struct FetchPolicy {
    pub allow_loopback: bool,
    pub max_redirects: usize,
    pub max_bytes: usize,
    /// For the whole fetch, redirects and robots.txt included.
    pub timeout: Duration,
    pub honour_robots: bool,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            allow_loopback: false,
            max_redirects: 5,
            max_bytes: 5 * 1024 * 1024,
            timeout: Duration::from_secs(15),
            honour_robots: true,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    #[error("invalid URL '{0}'")]
    InvalidUrl(String),
    #[error("only http and https URLs can be fetched, not '{0}'")]
    Scheme(String),
    #[error("{host} resolves to {address}, a {kind} address, which is never fetched")]
    Forbidden {
        host: String,
        address: IpAddr,
        kind: &'static str,
    },
    #[error("cannot resolve {0}")]
    Resolve(String),
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("a redirect without a valid Location header")]
    BadRedirect,
    #[error("the body is over {0} bytes")]
    TooLarge(usize),
    #[error("no complete answer within {0:?}")]
    Timeout(Duration),
    #[error("robots.txt disallows {0} for Code24")]
    Robots(String),
    #[error("request failed: {0}")]
    Http(String),
}

/// A fetched page.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL the body came from, after redirects.
    pub url: Url,
    pub status: u16,
    pub content_type: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub redirects: usize,
}

/// The IANA IPv4 Special-Purpose Address Registry (RFC 6890 and its updates), every
/// entry, plus multicast: `(network, prefix length, kind)`. None of these is fetched.
pub const IPV4_SPECIAL: &[(Ipv4Addr, u8, &str)] = &[
    (
        Ipv4Addr::new(0, 0, 0, 0),
        8,
        "\"this network\" (unspecified)",
    ),
    (Ipv4Addr::new(10, 0, 0, 0), 8, "private"),
    (
        Ipv4Addr::new(100, 64, 0, 0),
        10,
        "shared (carrier-grade NAT)",
    ),
    (Ipv4Addr::new(127, 0, 0, 0), 8, "loopback"),
    (
        Ipv4Addr::new(169, 254, 0, 0),
        16,
        "link-local (cloud metadata)",
    ),
    (Ipv4Addr::new(172, 16, 0, 0), 12, "private"),
    (Ipv4Addr::new(192, 0, 0, 0), 24, "IETF protocol assignment"),
    (
        Ipv4Addr::new(192, 0, 2, 0),
        24,
        "documentation (TEST-NET-1)",
    ),
    (Ipv4Addr::new(192, 31, 196, 0), 24, "AS112-v4"),
    (Ipv4Addr::new(192, 52, 193, 0), 24, "AMT"),
    (
        Ipv4Addr::new(192, 88, 99, 0),
        24,
        "6to4 relay anycast (deprecated)",
    ),
    (Ipv4Addr::new(192, 168, 0, 0), 16, "private"),
    (
        Ipv4Addr::new(192, 175, 48, 0),
        24,
        "AS112 direct delegation",
    ),
    (Ipv4Addr::new(198, 18, 0, 0), 15, "benchmarking"),
    (
        Ipv4Addr::new(198, 51, 100, 0),
        24,
        "documentation (TEST-NET-2)",
    ),
    (
        Ipv4Addr::new(203, 0, 113, 0),
        24,
        "documentation (TEST-NET-3)",
    ),
    (Ipv4Addr::new(224, 0, 0, 0), 4, "multicast"),
    (Ipv4Addr::new(240, 0, 0, 0), 4, "reserved"),
    (Ipv4Addr::new(255, 255, 255, 255), 32, "limited broadcast"),
];

/// The IANA IPv6 Special-Purpose Address Registry, every entry, plus multicast, the
/// deprecated site-local and IPv4-compatible ranges. Every form that embeds an IPv4
/// address (mapped, translated, compatible, NAT64 well-known and local-use, 6to4, Teredo)
/// is refused whatever it embeds: such an address reaches IPv4 through a gateway this
/// process cannot see.
pub const IPV6_SPECIAL: &[(Ipv6Addr, u8, &str)] = &[
    (Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 1), 128, "loopback"),
    (Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 0), 128, "unspecified"),
    (
        Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0),
        96,
        "IPv4-mapped",
    ),
    (
        Ipv6Addr::new(0, 0, 0, 0, 0xffff, 0, 0, 0),
        96,
        "IPv4-translated",
    ),
    (
        Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 0),
        96,
        "IPv4-compatible (deprecated)",
    ),
    (
        Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0),
        96,
        "NAT64 (IPv4-embedding)",
    ),
    (
        Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, 0, 0),
        48,
        "local-use NAT64 (IPv4-embedding)",
    ),
    (
        Ipv6Addr::new(0x100, 0, 0, 0, 0, 0, 0, 0),
        64,
        "discard-only",
    ),
    (
        Ipv6Addr::new(0x100, 0, 0, 1, 0, 0, 0, 0),
        64,
        "dummy prefix",
    ),
    (
        Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0),
        32,
        "Teredo (IPv4-embedding)",
    ),
    (
        Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0),
        23,
        "IETF protocol assignment",
    ),
    (
        Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0),
        32,
        "documentation",
    ),
    (
        Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0),
        16,
        "6to4 (IPv4-embedding)",
    ),
    (
        Ipv6Addr::new(0x2620, 0x4f, 0x8000, 0, 0, 0, 0, 0),
        48,
        "AS112 direct delegation",
    ),
    (
        Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0),
        20,
        "documentation",
    ),
    (
        Ipv6Addr::new(0x5f00, 0, 0, 0, 0, 0, 0, 0),
        16,
        "segment routing (SRv6) SIDs",
    ),
    (
        Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0),
        7,
        "unique-local",
    ),
    (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10, "link-local"),
    (
        Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0),
        10,
        "site-local (deprecated)",
    ),
    (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8, "multicast"),
];

fn v4_in(ip: Ipv4Addr, net: Ipv4Addr, len: u8) -> bool {
    let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
    u32::from(ip) & mask == u32::from(net) & mask
}

fn v6_in(ip: Ipv6Addr, net: Ipv6Addr, len: u8) -> bool {
    let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
    u128::from(ip) & mask == u128::from(net) & mask
}

/// Why an address may not be fetched, or `None` if it is public. `allow_loopback` opens
/// 127.0.0.0/8 and ::1, nothing else (not their IPv4-embedding forms).
pub fn forbidden_kind(ip: IpAddr, allow_loopback: bool) -> Option<&'static str> {
    let kind = match ip {
        IpAddr::V4(v4) => IPV4_SPECIAL
            .iter()
            .find(|(net, len, _)| v4_in(v4, *net, *len))
            .map(|(_, _, kind)| *kind),
        IpAddr::V6(v6) => IPV6_SPECIAL
            .iter()
            .find(|(net, len, _)| v6_in(v6, *net, *len))
            .map(|(_, _, kind)| *kind),
    }?;
    (!(allow_loopback && kind == "loopback")).then_some(kind)
}

/// Parses and checks a URL's scheme; numeric host forms are normalised by the parser.
pub fn parse_url(text: &str) -> Result<Url, FetchError> {
    let url = Url::parse(text.trim()).map_err(|_| FetchError::InvalidUrl(text.to_string()))?;
    match url.scheme() {
        "http" | "https" => {}
        other => return Err(FetchError::Scheme(other.to_string())),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::InvalidUrl(text.to_string()));
    }
    Ok(url)
}

/// Resolves the URL's host and checks every address; returns the one to connect to.
pub async fn checked_address(url: &Url, policy: &FetchPolicy) -> Result<SocketAddr, FetchError> {
    let host = url.host_str().unwrap_or_default().to_string();
    let port = url.port_or_known_default().unwrap_or(80);
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addresses: Vec<SocketAddr> = match bare.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::net::lookup_host((bare, port))
            .await
            .map_err(|_| FetchError::Resolve(host.clone()))?
            .collect(),
    };
    if addresses.is_empty() {
        return Err(FetchError::Resolve(host));
    }
    for address in &addresses {
        if let Some(kind) = forbidden_kind(address.ip(), policy.allow_loopback) {
            return Err(FetchError::Forbidden {
                host,
                address: address.ip(),
                kind,
            });
        }
    }
    Ok(addresses[0])
}

/// One request to a checked address, without following redirects.
async fn request_once(url: &Url, policy: &FetchPolicy) -> Result<reqwest::Response, FetchError> {
    let address = checked_address(url, policy).await?;
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_start_matches('[')
        .trim_end_matches(']');
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(USER_AGENT)
        .resolve(host, address)
        .no_proxy()
        .build()
        .map_err(|e| FetchError::Http(e.to_string()))?;
    client
        .get(url.clone())
        .send()
        .await
        .map_err(|e| FetchError::Http(e.to_string()))
}

/// Follows redirects by hand (each target checked) and reads at most `max_bytes`.
async fn fetch_unbounded(url: &Url, policy: &FetchPolicy) -> Result<Fetched, FetchError> {
    let mut current = url.clone();
    let mut redirects = 0;
    loop {
        let response = request_once(&current, policy).await?;
        let status = response.status();
        if status.is_redirection() {
            if redirects == policy.max_redirects {
                return Err(FetchError::TooManyRedirects(policy.max_redirects));
            }
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .ok_or(FetchError::BadRedirect)?;
            let next = current
                .join(location)
                .map_err(|_| FetchError::BadRedirect)?;
            current = parse_url(next.as_str())?;
            redirects += 1;
            continue;
        }
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).to_string(),
                )
            })
            .collect();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        if let Some(length) = response.content_length() {
            if length > policy.max_bytes as u64 {
                return Err(FetchError::TooLarge(policy.max_bytes));
            }
        }
        let mut response = response;
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| FetchError::Http(e.to_string()))?
        {
            if body.len() + chunk.len() > policy.max_bytes {
                return Err(FetchError::TooLarge(policy.max_bytes));
            }
            body.extend_from_slice(&chunk);
        }
        return Ok(Fetched {
            url: current,
            status: status.as_u16(),
            content_type,
            headers,
            body,
            redirects,
        });
    }
}

/// Whether robots.txt lets Code24 fetch `path`: the longest matching rule of the group
/// for `code24`, else `*`, decides; `Allow` wins a tie. No or unreadable robots.txt allows.
pub fn robots_allows(robots: &str, path: &str) -> bool {
    /// The user agents a group names, and its (allow, path pattern) rules.
    type Group = (Vec<String>, Vec<(bool, String)>);
    let mut groups: Vec<Group> = Vec::new();
    let mut in_agents = false;
    for line in robots.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        let Some((field, value)) = line.split_once(':') else {
            continue;
        };
        let (field, value) = (field.trim().to_ascii_lowercase(), value.trim().to_string());
        match field.as_str() {
            "user-agent" => {
                if !in_agents {
                    groups.push((Vec::new(), Vec::new()));
                }
                in_agents = true;
                if let Some(group) = groups.last_mut() {
                    group.0.push(value.to_ascii_lowercase());
                }
            }
            "allow" | "disallow" => {
                in_agents = false;
                if let Some(group) = groups.last_mut() {
                    group.1.push((field == "allow", value));
                }
            }
            _ => {}
        }
    }
    let group = groups
        .iter()
        .find(|(agents, _)| agents.iter().any(|a| a == "code24" || a == "code24-audit"))
        .or_else(|| {
            groups
                .iter()
                .find(|(agents, _)| agents.iter().any(|a| a == "*"))
        });
    let Some((_, rules)) = group else { return true };
    let mut best: Option<(usize, bool)> = None;
    for (allow, pattern) in rules {
        if pattern.is_empty() {
            continue;
        }
        let prefix = pattern
            .trim_end_matches('$')
            .split('*')
            .next()
            .unwrap_or_default();
        if path.starts_with(prefix) {
            let length = pattern.len();
            if best.is_none_or(|(l, a)| length > l || (length == l && *allow && !a)) {
                best = Some((length, *allow));
            }
        }
    }
    best.is_none_or(|(_, allow)| allow)
}

/// Fetches `url` under `policy`: the safety rules of this crate, robots.txt first.
pub async fn fetch(url: &str, policy: &FetchPolicy) -> Result<Fetched, FetchError> {
    let url = parse_url(url)?;
    tokio::time::timeout(policy.timeout, async {
        if policy.honour_robots {
            let mut robots_url = url.clone();
            robots_url.set_path("/robots.txt");
            robots_url.set_query(None);
            let robots_policy = FetchPolicy {
                max_bytes: 512 * 1024,
                ..policy.clone()
            };
            if let Ok(robots) = fetch_unbounded(&robots_url, &robots_policy).await {
                let text = String::from_utf8_lossy(&robots.body);
                if robots.status == 200 && !robots_allows(&text, url.path()) {
                    return Err(FetchError::Robots(url.path().to_string()));
                }
            }
        }
        fetch_unbounded(&url, policy).await
    })
    .await
    .map_err(|_| FetchError::Timeout(policy.timeout))?
}
