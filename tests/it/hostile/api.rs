//! Hostile API answers: a stand-in that misbehaves (terminal escapes, non-UTF-8, huge or endless bodies).

use super::{big, case, expect_fixed, Case, EMAIL, PASSWORD};
use crate::support::{provctl, TestDb};
use std::io::{Read, Write};
use std::time::Duration;

// ---------------------------------------------------------------- a stand-in that misbehaves

/// A local HTTP server answering every request with `response` (raw bytes, any status line, any
/// headers, any body), after reading the request. Returns its base URL.
fn hostile_api(response: Vec<u8>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { return };
            let response = response.clone();
            std::thread::spawn(move || {
                let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
                let mut req = Vec::new();
                let mut buf = [0u8; 4096];
                // Headers, then Content-Length bytes of body.
                loop {
                    match conn.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                    if let Some(end) = req.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&req[..end]).to_ascii_lowercase();
                        let len: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(0);
                        if req.len() >= end + 4 + len {
                            break;
                        }
                    }
                }
                let _ = conn.write_all(&response);
                let _ = conn.shutdown(std::net::Shutdown::Both);
            });
        }
    });
    base
}

pub(super) fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

/// A URL nothing listens on.
pub(super) fn dead_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

// ---------------------------------------------------------------- API answers

pub(super) fn api_cases(db: &TestDb) -> Vec<Case> {
    let login =
        |base: String| provctl(db).args(["test-login", "--url", &base, "--email", EMAIL, "--password-stdin"]);
    let ingest = |base: String| provctl(db).args(["test-ingest", "--url", &base, "--api-key-stdin", "--yes"]);
    let osc52 = "\u{1b}]52;c;cm0gLXJmIH4=\u{7}";
    vec![
        case(
            "api: login 200 with escapes in every field",
            login(hostile_api(http(
                "200 OK",
                "Content-Type: application/json\r\n",
                serde_json::json!({"id": "\u{1b}]0;pwn\u{7}", "email": "a\u{1b}[2J@x", "client_id": "\u{202e}", "role": "\u{9b}31m"})
                    .to_string()
                    .as_bytes(),
            ))),
            0,
        )
        .stdin(format!("{PASSWORD}\n"))
        .out("\\x1b]0;pwn\\x07")
        .out("\\u{202e}"),
        case(
            "api: login 401 with a raw escape body",
            login(hostile_api(http("401 Unauthorized", "", "\u{1b}[2J\u{1b}[3J\u{1b}c denied \u{7}\u{9b}".as_bytes()))),
            1,
        )
        .stdin(format!("{PASSWORD}\n"))
        .err("invalid credentials")
        .out("\\x1b[2J"),
        case(
            "api: login 500 with a 100 KB body",
            login(hostile_api(http("500 Internal Server Error", "", big('\u{1b}').as_bytes()))),
            1,
        )
        .stdin(format!("{PASSWORD}\n"))
        .err("verify-hash")
        // At most 2000 characters of the body, each escaped to at most 4, in a table.
        .check(|d, _| (d.stdout().len() < 60_000).then_some(()).ok_or(format!("stdout is {} bytes", d.stdout().len()))),
        case(
            "api: login 200 that is not JSON",
            login(hostile_api(http("200 OK", "", b"<html>\x1b]0;x\x07</html>"))),
            0,
        )
        .stdin(format!("{PASSWORD}\n")),
        case(
            "api: login redirect to another host",
            login(hostile_api(http("302 Found", "Location: http://evil.example/steal\r\n", b""))),
            1,
        )
        .stdin(format!("{PASSWORD}\n"))
        .err("not followed"),
        case(
            "api: login redirect with escapes in Location",
            login(hostile_api(http("307 Temporary Redirect", "Location: http://evil.example/\x1b]0;x\x07\r\n", b""))),
            5,
        )
        .stdin(format!("{PASSWORD}\n"))
        .err("invalid header value"),
        case(
            "api: login redirect loop",
            login(hostile_api(http("308 Permanent Redirect", "Location: /api/v1/auth/login\r\n", b""))),
            1,
        )
        .stdin(format!("{PASSWORD}\n"))
        .err("more than 5 redirects"),
        case("api: login garbage instead of HTTP", login(hostile_api(b"\x1b[2J\x1b]0;pwn\x07 not http\r\n\r\n".to_vec())), 5)
            .stdin(format!("{PASSWORD}\n"))
            .err("cannot reach"),
        case("api: login connection closed at once", login(hostile_api(Vec::new())), 5)
            .stdin(format!("{PASSWORD}\n"))
            .err("cannot reach"),
        case("api: login nothing listening", login(dead_url()), 5)
            .stdin(format!("{PASSWORD}\n"))
            .err("cannot reach"),
        case(
            "api: ingest 202 with an OSC 52 clipboard write",
            ingest(hostile_api(http("202 Accepted", "", format!("{{\"status\":\"{osc52}\"}}").as_bytes()))),
            0,
        )
        .stdin("UnknownKeyValue000000000000001\n")
        .out("\\x1b]52;c;cm0gLXJmIH4=\\x07"),
        case(
            "api: ingest 403 with bidi body",
            ingest(hostile_api(http("403 Forbidden", "", "{\"detail\":\"\u{202e}nekot\u{2066}\"}".as_bytes()))),
            1,
        )
        .stdin("UnknownKeyValue000000000000001\n")
        .err("refused (403)"),
        case(
            "api: ingest 202 archived with escapes",
            ingest(hostile_api(http("202 Accepted", "", b"{\"reason\":\"archived\",\"x\":\"\\u001b[2J\"}"))),
            1,
        )
        .stdin("UnknownKeyValue000000000000001\n")
        .err("archived"),
    ]
}

#[test]
fn a_non_utf8_api_answer_is_shown_not_dropped() {
    let base = hostile_api(http(
        "401 Unauthorized",
        "",
        b"Acc\xe8s refus\xe9: denied by proxy",
    ));
    expect_fixed(|db| {
        vec![case(
            "api: login 401 with a Latin-1 body",
            provctl(db).args(["test-login", "--url", &base, "--email", EMAIL, "--password-stdin"]),
            1,
        )
        .stdin(format!("{PASSWORD}\n"))
        .out("denied by proxy")]
    });
}
