//! The fetcher's refusals, each without touching the network, and its limits against
//! small servers on 127.0.0.1 (reached with `allow_loopback`, as local testing does).

use code24_fetch::{fetch, forbidden_kind, robots_allows, FetchError, FetchPolicy};
use std::net::IpAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A server that answers every request with `respond(path)`: (head lines, body, delay).
async fn server(respond: fn(&str, u16) -> (String, Vec<u8>, u64)) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 8192];
                let n = stream.read(&mut buffer).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&buffer[..n]).to_string();
                let path = request.split(' ').nth(1).unwrap_or("/").to_string();
                let (head, body, delay) = respond(&path, port);
                tokio::time::sleep(Duration::from_millis(delay)).await;
                let _ = stream
                    .write_all(
                        format!(
                            "{head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        )
                        .as_bytes(),
                    )
                    .await;
                let _ = stream.write_all(&body).await;
            });
        }
    });
    port
}

fn local() -> FetchPolicy {
    FetchPolicy {
        allow_loopback: true,
        ..FetchPolicy::default()
    }
}

fn ok_html(body: &str) -> (String, Vec<u8>, u64) {
    (
        "HTTP/1.1 200 OK\r\nContent-Type: text/html".into(),
        body.as_bytes().to_vec(),
        0,
    )
}

#[tokio::test]
async fn private_and_special_addresses_are_refused_by_default() {
    let policy = FetchPolicy::default();
    for url in [
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://017700000001/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://255.255.255.255/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://[ff02::1]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[2002:7f00:1::]/",
        "http://[2002:a9fe:a9fe::]/",
        "http://[2002:a00:1::]/",
        "http://[::ffff:0:7f00:1]/",
        "http://[2001:0::1]/",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
        "http://[100::1]/",
        "http://[fec0::1]/",
        "http://[::7f00:1]/",
        "http://[64:ff9b:1::7f00:1]/",
        "http://[64:ff9b::5db8:d70e]/",
        "http://localhost/",
    ] {
        let err = fetch(url, &policy).await.unwrap_err();
        assert!(matches!(err, FetchError::Forbidden { .. }), "{url}: {err}");
    }
    for (url, expected) in [
        ("ftp://example.org/", "ftp"),
        ("file:///etc/passwd", "file"),
        ("gopher://x/", "gopher"),
    ] {
        assert_eq!(
            fetch(url, &policy).await.unwrap_err(),
            FetchError::Scheme(expected.into())
        );
    }
    assert!(matches!(
        fetch("not a url", &policy).await.unwrap_err(),
        FetchError::InvalidUrl(_)
    ));
}

/// Every range of both IANA special-purpose registries, by its first, middle and last
/// address; and `allow_loopback` opens only the loopback entries.
#[test]
fn every_special_purpose_range_is_refused_at_both_ends() {
    use code24_fetch::{IPV4_SPECIAL, IPV6_SPECIAL};
    use std::net::{Ipv4Addr, Ipv6Addr};
    assert!(IPV4_SPECIAL.len() >= 19 && IPV6_SPECIAL.len() >= 20);
    for (net, len, kind) in IPV4_SPECIAL {
        let host = u32::MAX.checked_shr(u32::from(*len)).unwrap_or(0);
        let first = u32::from(*net) & !host;
        for ip in [first, first | (host / 2), first | host] {
            let ip = IpAddr::V4(Ipv4Addr::from(ip));
            let got = forbidden_kind(ip, false);
            assert!(got.is_some(), "{ip} in {net}/{len} ({kind}) was allowed");
            if *kind != "loopback" {
                assert!(
                    forbidden_kind(ip, true).is_some(),
                    "{ip} opened by allow_loopback"
                );
            }
        }
    }
    for (net, len, kind) in IPV6_SPECIAL {
        let host = u128::MAX.checked_shr(u32::from(*len)).unwrap_or(0);
        let first = u128::from(*net) & !host;
        for ip in [first, first | (host / 2), first | host] {
            let ip = IpAddr::V6(Ipv6Addr::from(ip));
            let got = forbidden_kind(ip, false);
            assert!(got.is_some(), "{ip} in {net}/{len} ({kind}) was allowed");
            if ip != IpAddr::V6(Ipv6Addr::LOCALHOST) {
                assert!(
                    forbidden_kind(ip, true).is_some(),
                    "{ip} opened by allow_loopback"
                );
            }
        }
    }
    for (ip, kind) in [
        ("2002:7f00:1::", "6to4 (IPv4-embedding)"),
        ("2001::1", "Teredo (IPv4-embedding)"),
        ("::ffff:0:7f00:1", "IPv4-translated"),
        ("::ffff:7f00:1", "IPv4-mapped"),
        ("100::abcd", "discard-only"),
        ("fec0::1", "site-local (deprecated)"),
        ("169.254.169.254", "link-local (cloud metadata)"),
        ("192.0.0.170", "IETF protocol assignment"),
    ] {
        assert_eq!(
            forbidden_kind(ip.parse().unwrap(), true),
            Some(kind),
            "{ip}"
        );
    }
}

#[test]
fn public_addresses_are_allowed() {
    for ip in [
        "93.184.215.14",
        "1.1.1.1",
        "8.8.8.8",
        "192.0.1.255",
        "192.88.98.255",
        "198.20.0.1",
        "223.255.255.255",
        "2606:4700::1111",
        "2a00:1450:4001::200e",
        "2001:200::1",
        "2003::1",
        "2620:4f:8001::1",
        "3fff:1000::1",
    ] {
        let ip: IpAddr = ip.parse().unwrap();
        assert_eq!(forbidden_kind(ip, false), None, "{ip}");
    }
    assert_eq!(forbidden_kind("127.0.0.1".parse().unwrap(), true), None);
    assert_eq!(
        forbidden_kind("10.1.2.3".parse().unwrap(), true),
        Some("private"),
        "the flag opens loopback only"
    );
}

#[tokio::test]
async fn a_page_is_fetched_with_an_honest_user_agent() {
    let port = server(|path, _| match path {
        "/robots.txt" => ("HTTP/1.1 404 Not Found".into(), Vec::new(), 0),
        _ => ok_html("<h1>Hi</h1>"),
    })
    .await;
    let page = fetch(&format!("http://127.0.0.1:{port}/"), &local())
        .await
        .unwrap();
    assert_eq!(
        (page.status, page.body.as_slice()),
        (200, &b"<h1>Hi</h1>"[..])
    );
    assert_eq!(page.content_type.as_deref(), Some("text/html"));
    assert!(code24_fetch::USER_AGENT.starts_with("Code24-Audit/"));
}

#[tokio::test]
async fn a_redirect_to_a_private_or_ipv4_embedding_address_is_refused() {
    let port = server(|path, _| match path {
        "/robots.txt" => ("HTTP/1.1 404 Not Found".into(), Vec::new(), 0),
        "/6to4" => (
            "HTTP/1.1 301 Moved\r\nLocation: http://[2002:a9fe:a9fe::]/latest/meta-data/".into(),
            Vec::new(),
            0,
        ),
        _ => (
            "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/".into(),
            Vec::new(),
            0,
        ),
    })
    .await;
    for (path, expected) in [
        ("/", "link-local (cloud metadata)"),
        ("/6to4", "6to4 (IPv4-embedding)"),
    ] {
        let err = fetch(&format!("http://127.0.0.1:{port}{path}"), &local())
            .await
            .unwrap_err();
        assert!(
            matches!(err, FetchError::Forbidden { kind, .. } if kind == expected),
            "{path}: {err}"
        );
    }
}

#[tokio::test]
async fn redirect_loops_huge_bodies_and_slow_servers_end_in_an_error() {
    let looping = server(|path, port| match path {
        "/robots.txt" => ("HTTP/1.1 404 Not Found".into(), Vec::new(), 0),
        "/a" => (
            format!("HTTP/1.1 301 Moved\r\nLocation: http://127.0.0.1:{port}/b"),
            Vec::new(),
            0,
        ),
        _ => ("HTTP/1.1 301 Moved\r\nLocation: /a".into(), Vec::new(), 0),
    })
    .await;
    let err = fetch(&format!("http://127.0.0.1:{looping}/a"), &local())
        .await
        .unwrap_err();
    assert_eq!(err, FetchError::TooManyRedirects(5));

    let huge = server(|path, _| match path {
        "/robots.txt" => ("HTTP/1.1 404 Not Found".into(), Vec::new(), 0),
        _ => ok_html(&"x".repeat(200_000)),
    })
    .await;
    let small = FetchPolicy {
        max_bytes: 100_000,
        ..local()
    };
    let err = fetch(&format!("http://127.0.0.1:{huge}/"), &small)
        .await
        .unwrap_err();
    assert_eq!(err, FetchError::TooLarge(100_000));

    let slow = server(|_, _| ("HTTP/1.1 200 OK".into(), b"late".to_vec(), 3_000)).await;
    let quick = FetchPolicy {
        timeout: Duration::from_millis(500),
        ..local()
    };
    let started = std::time::Instant::now();
    let err = fetch(&format!("http://127.0.0.1:{slow}/"), &quick)
        .await
        .unwrap_err();
    assert_eq!(err, FetchError::Timeout(Duration::from_millis(500)));
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn robots_txt_is_honoured() {
    let port = server(|path, _| match path {
        "/robots.txt" => (
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain".into(),
            b"User-agent: *\nDisallow: /private\n".to_vec(),
            0,
        ),
        _ => ok_html("page"),
    })
    .await;
    let err = fetch(&format!("http://127.0.0.1:{port}/private/x"), &local())
        .await
        .unwrap_err();
    assert_eq!(err, FetchError::Robots("/private/x".into()));
    assert!(fetch(&format!("http://127.0.0.1:{port}/public"), &local())
        .await
        .is_ok());
}

#[test]
fn robots_rules_pick_the_code24_group_and_the_longest_match() {
    let robots = "User-agent: *\nDisallow: /\n\nUser-agent: code24\nDisallow: /admin\nAllow: /admin/public\n";
    assert!(robots_allows(robots, "/"));
    assert!(!robots_allows(robots, "/admin/x"));
    assert!(robots_allows(robots, "/admin/public/y"));
    assert!(!robots_allows("User-agent: *\nDisallow: /\n", "/anything"));
    assert!(robots_allows("User-agent: *\nDisallow:\n", "/anything"));
    assert!(robots_allows("", "/"));
}
