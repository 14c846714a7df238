//! HTTP to the platform API (ureq over rustls, the same TLS stack as PostgreSQL).
//!
//! Measured facts about ureq 3 drive the set-up: a POST answered 301/302/303 would be followed as a GET
//! with the body dropped, and 307/308 fail — so automatic redirects are off and [`post_following`]
//! re-sends the POST with its body itself (curl's `--post301` trap), printing each hop. 4xx/5xx bodies
//! are read, not turned into errors. Secrets (passwords, key values) travel only in bodies and headers,
//! never in URLs, and no response header is printed except `Location`.

use crate::error::{Error, Result};
use crate::secrets::secret::SecretString;
use crate::ui::output::note;
use std::time::Duration;

/// At most this many redirects are followed.
pub const MAX_HOPS: usize = 5;

/// The most of a response body that is read.
const BODY_LIMIT: u64 = 1024 * 1024;

/// A response: status, the `Location` header, the body (bounded).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub reason: String,
    pub location: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
}

/// The client for one command run.
pub struct Client {
    agent: ureq::Agent,
}

impl Client {
    /// `insecure` accepts any certificate (like `curl -k`), with a warning.
    pub fn new(insecure: bool, timeout: Duration) -> Client {
        if insecure {
            crate::ui::output::warn("--insecure: the server's certificate is not verified (anyone in the path can read the secrets sent)");
        }
        let tls = ureq::tls::TlsConfig::builder()
            .provider(ureq::tls::TlsProvider::Rustls)
            .unversioned_rustls_crypto_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
            .disable_verification(insecure)
            .build();
        let config = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_connect(Some(timeout))
            .timeout_global(Some(timeout))
            .tls_config(tls)
            .user_agent(concat!("provctl/", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            agent: config.new_agent(),
        }
    }

    /// One POST with a JSON body (a secret: it may carry a password) and extra headers.
    pub fn post_json(
        &self,
        url: &str,
        headers: &[(&str, &SecretString)],
        body: &SecretString,
    ) -> Result<Reply> {
        let mut req = self
            .agent
            .post(url)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json");
        for (k, v) in headers {
            req = req.header(*k, v.expose());
        }
        let mut resp = req
            .send(body.expose().as_bytes())
            .map_err(|e| network_error(url, &e))?;
        let status = resp.status();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(String::from)
        };
        let location = header("location");
        let content_type = header("content-type");
        // The body belongs to the answer: one that stops coming (a server dripping it past --timeout)
        // or breaks off is a network error, never an empty answer taken for a success.
        let body = match resp.body_mut().with_config().limit(BODY_LIMIT).read_to_vec() {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(ureq::Error::BodyExceedsLimit(_)) => {
                format!("(a body of more than {BODY_LIMIT} bytes, not shown)")
            }
            Err(e) => return Err(body_error(url, status.as_u16(), &e)),
        };
        Ok(Reply {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
            location,
            content_type,
            body,
        })
    }
}

/// POSTs and follows 301/302/303/307/308 by re-sending the same POST and body to `Location`, at most
/// [`MAX_HOPS`] times, printing each hop. Refuses to follow to another host or from https to http:
/// the body carries credentials.
pub fn post_following(
    client: &Client,
    url: &str,
    headers: &[(&str, &SecretString)],
    body: &SecretString,
) -> Result<(String, Reply)> {
    let mut current = url.to_string();
    for hop in 0..=MAX_HOPS {
        let reply = client.post_json(&current, headers, body)?;
        if !matches!(reply.status, 301 | 302 | 303 | 307 | 308) {
            return Ok((current, reply));
        }
        let Some(location) = reply.location.as_deref() else {
            return Ok((current, reply));
        };
        if hop == MAX_HOPS {
            return Err(Error::new(
                crate::error::Exit::Check,
                format!(
                    "more than {MAX_HOPS} redirects: last was {} to {}",
                    reply.status,
                    crate::ui::output::escape(location)
                ),
            ));
        }
        let next = resolve(&current, location);
        let (from, to) = (origin(&current), origin(&next));
        if from.1 != to.1 || (from.0 == "https" && to.0 == "http") {
            return Err(Error::new(
                crate::error::Exit::Check,
                format!(
                    "{} redirects to {}: not followed (credentials are only re-sent to the same host, never downgraded to http)",
                    current,
                    crate::ui::output::escape(&next)
                ),
            ));
        }
        note(&format!(
            "-> {} {} from {current}: re-sending the POST to {next}",
            reply.status, reply.reason
        ));
        current = next;
    }
    unreachable!("the loop returns")
}

/// `(scheme, host)` of a URL, both lower-case. The port is left out on purpose: the platform's proxy
/// sends `http://host` (port 80) to `https://host` (port 443), the same host. A URL that does not
/// parse has no origin (`("", "")`), which matches no real one: a redirect there is refused.
fn origin(url: &str) -> (String, String) {
    match ::url::Url::parse(url) {
        Ok(u) => {
            // An IPv6 host prints bracketed, as in the URL.
            let host = match u.host() {
                Some(::url::Host::Ipv6(a)) => format!("[{a}]"),
                Some(h) => h.to_string(),
                None => String::new(),
            };
            (u.scheme().to_string(), host)
        }
        Err(_) => (String::new(), String::new()),
    }
}

/// Resolves a `Location` against the URL that answered it, as RFC 3986 says (the `url` crate: dot
/// segments, a query-only reference, a `/` inside the query, any case of scheme). One that cannot be
/// resolved is returned as it is; its origin then matches nothing and the redirect is refused.
pub fn resolve(base: &str, location: &str) -> String {
    ::url::Url::parse(base)
        .and_then(|b| b.join(location))
        .map_or_else(|_| location.to_string(), String::from)
}

/// `BASE` + path, tolerating a trailing slash; refuses what is not an http(s) URL.
pub fn endpoint(base: &str, path: &str) -> Result<String> {
    let base = base.trim();
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(Error::usage(format!(
            "--url `{}` is not an http:// or https:// URL",
            crate::ui::output::escape(base)
        )));
    }
    Ok(format!("{}{path}", base.trim_end_matches('/')))
}

/// The answer's status came, its body did not: a network error (exit 5).
fn body_error(url: &str, status: u16, e: &ureq::Error) -> Error {
    let why = if matches!(e, ureq::Error::Timeout(_)) {
        "did not arrive within --timeout".to_string()
    } else {
        format!("could not be read: {}", crate::ui::output::escape(&e.to_string()))
    };
    Error::network(format!(
        "{url} answered {status} but the body of the answer {why}"
    ))
    .with_hint(
        "the platform (or a proxy before it) is too slow or broke the connection: retry, or raise --timeout",
    )
}

fn network_error(url: &str, e: &ureq::Error) -> Error {
    let text = e.to_string();
    // https:// to a port that does not speak TLS: a plain-HTTP server answers in clear text (rustls:
    // "corrupt message of type InvalidContentType"), another closes the connection (an early end of
    // file). Said as such, not as the bare I/O error.
    let eof = matches!(e, ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof);
    if url.starts_with("https://") && (eof || text.contains("InvalidContentType")) {
        let how = if eof {
            "the server closed the connection during the TLS handshake"
        } else {
            "the server answered the TLS handshake in clear text"
        };
        return Error::network(format!(
            "cannot reach {url}: {how}: nothing speaks TLS on that port (a plain-HTTP port?)"
        ))
        .with_hint("use http:// for a plain-HTTP port, or the platform's HTTPS port (443)");
    }
    let hint = if text.contains("rustls") || text.contains("certificate") || text.contains("Tls") {
        "the server's TLS certificate was not accepted: fix the certificate, or pass --insecure for a self-signed test server"
    } else if matches!(e, ureq::Error::Timeout(_)) {
        "the platform did not answer in time"
    } else {
        "check --url and that the platform is reachable from here"
    };
    Error::network(format!(
        "cannot reach {url}: {}",
        crate::ui::output::escape(&text)
    ))
    .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve() {
        assert_eq!(
            resolve("http://h:80/api/v1/x", "https://h/api/v1/x"),
            "https://h/api/v1/x"
        );
        assert_eq!(
            resolve("http://h:8080/api/v1/x", "/api/v1/y"),
            "http://h:8080/api/v1/y"
        );
        assert_eq!(resolve("http://h/api/v1/x", "y"), "http://h/api/v1/y");
    }

    /// Regression: the hand-written resolver kept `../` and `./` segments, resolved `?q` and a plain
    /// name against a `/` inside the query, and took an upper-case scheme for a relative path.
    #[test]
    fn redirect_locations_resolve_as_rfc_3986_says() {
        assert_eq!(resolve("https://h/a/b/c", "../d"), "https://h/a/d");
        assert_eq!(resolve("https://h/a/b", "./c"), "https://h/a/c");
        assert_eq!(resolve("https://h/a/b?x=1", "?q=2"), "https://h/a/b?q=2");
        assert_eq!(resolve("https://h/a?next=/x/y", "c"), "https://h/c");
        assert_eq!(resolve("https://h/a", "HTTPS://h/b"), "https://h/b");
        assert_eq!(origin("HTTPS://H/x"), ("https".to_string(), "h".to_string()));
    }

    #[test]
    fn origins_compare_hosts() {
        assert_eq!(origin("https://Monitor.example.com/x").1, "monitor.example.com");
        assert_eq!(origin("http://monitor.example.com:80/").1, "monitor.example.com");
        assert_ne!(
            origin("http://evil.example/").1,
            origin("https://monitor.example.com/").1
        );
        assert_eq!(origin("http://[::1]:8080/").1, "[::1]");
    }
}
