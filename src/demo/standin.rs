//! A local stand-in of the platform API, for tests and `provctl demo`: `POST /api/v1/ingest/metrics`
//! and `POST /api/v1/auth/login` over the same PostgreSQL, with the platform's documented behaviour
//! (platform.md, "HTTP API" and "How API keys and machines behave"), plus a second port that answers
//! every request with a 301 to the first, as the platform's front proxy does. Optionally TLS with a
//! given certificate, to exercise `--insecure`.
//!
//! It is a test double, deliberately small: HTTP/1.1, one request per connection, a thread per
//! connection. It is not the platform and must never be pointed at a production database.

use crate::db::url::DbUrl;
use crate::db::{ConnectOptions, Db, RowExt};
use crate::error::{Error, Result};
use postgres::types::Type;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// How far in the past `sent_at` may be before the platform archives the batch, and how far in the
/// future before it refuses it.
const ARCHIVE_AFTER: Duration = Duration::from_secs(7 * 24 * 3600);
const FUTURE_LIMIT: Duration = Duration::from_secs(5 * 60);

/// A running stand-in: its base URLs.
pub struct Running {
    pub base: String,
    pub redirect_base: String,
}

/// Options: TLS certificate and key (PEM files) for the main port.
#[derive(Default, Clone)]
pub struct Options {
    pub tls: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

/// Starts both listeners on 127.0.0.1 (free ports) and serves in background threads.
pub fn start(url: &DbUrl, opts: &Options) -> Result<Running> {
    let connect = ConnectOptions {
        connect_timeout: Duration::from_secs(10),
        statement_timeout: Duration::from_secs(30),
        lock_timeout: Duration::from_secs(10),
        verbose: false,
    };
    let db = Arc::new(Mutex::new(Db::connect(url, &connect)?));
    let main = TcpListener::bind("127.0.0.1:0").map_err(|e| Error::usage(format!("stand-in: {e}")))?;
    let redirect = TcpListener::bind("127.0.0.1:0").map_err(|e| Error::usage(format!("stand-in: {e}")))?;
    let scheme = if opts.tls.is_some() { "https" } else { "http" };
    let base = format!("{scheme}://127.0.0.1:{}", main.local_addr().map_err(io)?.port());
    let redirect_base = format!("http://127.0.0.1:{}", redirect.local_addr().map_err(io)?.port());
    let tls = match &opts.tls {
        Some((cert, key)) => Some(Arc::new(server_config(cert, key)?)),
        None => None,
    };
    std::thread::spawn(move || {
        for stream in main.incoming().flatten() {
            let (db, tls) = (db.clone(), tls.clone());
            std::thread::spawn(move || {
                let _ = match tls {
                    Some(cfg) => match rustls::ServerConnection::new(cfg) {
                        Ok(conn) => {
                            let mut stream = stream;
                            let mut tls = rustls::StreamOwned::new(conn, &mut stream);
                            serve(&mut tls, &db)
                        }
                        Err(_) => Ok(()),
                    },
                    None => {
                        let mut stream = stream;
                        serve(&mut stream, &db)
                    }
                };
            });
        }
    });
    let target = base.clone();
    std::thread::spawn(move || {
        for mut stream in redirect.incoming().flatten() {
            let target = target.clone();
            std::thread::spawn(move || {
                if let Ok(req) = read_request(&mut stream) {
                    let _ = respond(
                        &mut stream,
                        301,
                        &[("Location", &format!("{target}{}", req.path))],
                        "text/plain",
                        "",
                    );
                }
            });
        }
    });
    Ok(Running { base, redirect_base })
}

fn io(e: std::io::Error) -> Error {
    Error::usage(format!("stand-in: {e}"))
}

fn server_config(cert: &std::path::Path, key: &std::path::Path) -> Result<rustls::ServerConfig> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(cert)
            .and_then(|i| i.collect())
            .map_err(|e| Error::usage(format!("stand-in certificate {}: {e}", cert.display())))?;
    let key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| Error::usage(format!("stand-in key {}: {e}", key.display())))?;
    rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(certs, key))
        .map_err(|e| Error::usage(format!("stand-in TLS: {e}")))
}

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: &mut dyn Read) -> std::io::Result<Request> {
    let mut r = BufReader::new(stream);
    let mut line = String::new();
    r.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if r.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
        .min(1024 * 1024);
    let mut body = vec![0; len];
    r.read_exact(&mut body)?;
    Ok(Request {
        method,
        path,
        headers,
        body,
    })
}

fn respond(
    w: &mut dyn Write,
    status: u16,
    headers: &[(&str, &str)],
    content_type: &str,
    body: &str,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        202 => "Accepted",
        301 => "Moved Permanently",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        422 => "Unprocessable Entity",
        _ => "Internal Server Error",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    w.write_all(head.as_bytes())?;
    w.write_all(body.as_bytes())?;
    w.flush()
}

fn json(w: &mut dyn Write, status: u16, v: serde_json::Value) -> std::io::Result<()> {
    respond(w, status, &[], "application/json", &v.to_string())
}

fn serve<S: Read + Write>(stream: &mut S, db: &Mutex<Db>) -> std::io::Result<()> {
    let req = read_request(stream)?;
    let path = req.path.split('?').next().unwrap_or_default().to_string();
    match (req.method.as_str(), path.as_str()) {
        ("POST", "/api/v1/ingest/metrics") => ingest(stream, db, &req),
        ("POST", "/api/v1/auth/login") => login(stream, db, &req),
        (_, "/api/v1/ingest/metrics" | "/api/v1/auth/login") => {
            json(stream, 405, serde_json::json!({"detail": "Method Not Allowed"}))
        }
        _ => json(stream, 404, serde_json::json!({"detail": "Not Found"})),
    }
}

fn ingest(w: &mut dyn Write, db: &Mutex<Db>, req: &Request) -> std::io::Result<()> {
    let key = req
        .header("X-API-Key")
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    if key.is_empty() {
        return json(w, 401, serde_json::json!({"detail": "Missing API key"}));
    }
    let ingest_id = req
        .header("X-Ingest-Id")
        .map(str::to_string)
        .unwrap_or_else(crate::db::ids::new_uuid);
    if ingest_id.chars().count() > 64 {
        return json(
            w,
            400,
            serde_json::json!({"detail": "X-Ingest-Id too long (max 64)"}),
        );
    }
    let mut db = match db.lock() {
        Ok(d) => d,
        Err(p) => p.into_inner(),
    };
    let row = db.query_opt(
        "SELECT k.id::text, k.client_id::text, k.is_active, k.machine_id::text, m.fingerprint \
         FROM api_keys k LEFT JOIN machines m ON m.id = k.machine_id WHERE k.key = $1",
        &[(&key, Type::TEXT)],
    );
    let Ok(Some(row)) = row else {
        return json(w, 403, serde_json::json!({"detail": "Invalid API key"}));
    };
    // A column of a type the platform would not have: a 500, as the platform's own crash would be.
    type KeyRow = (String, String, bool, Option<String>, Option<String>);
    let read = || -> crate::error::Result<KeyRow> {
        Ok((
            row.cell(0, "api_keys")?,
            row.cell(1, "api_keys")?,
            row.cell(2, "api_keys")?,
            row.cell(3, "api_keys")?,
            row.cell(4, "machines")?,
        ))
    };
    let Ok((key_id, client_id, active, machine_id, bound_fp)) = read() else {
        return respond(w, 500, &[], "text/plain", "Internal Server Error");
    };
    if !active {
        return json(w, 403, serde_json::json!({"detail": "Invalid API key"}));
    }
    let body: serde_json::Value = match serde_json::from_slice(&req.body) {
        Ok(v) => v,
        Err(_) => return json(w, 422, serde_json::json!({"detail": "body is not JSON"})),
    };
    let now = SystemTime::now();
    // sent_at is optional: missing (or null) is taken as now; present, it must be a datetime.
    let sent_at = match &body["sent_at"] {
        serde_json::Value::Null => now,
        v => {
            let parsed = v.as_str().and_then(|s| {
                humantime::parse_rfc3339(s)
                    .or_else(|_| humantime::parse_rfc3339_weak(s))
                    .ok()
            });
            let Some(t) = parsed else {
                return json(
                    w,
                    422,
                    serde_json::json!({"detail": [{"type": "datetime_from_date_parsing", "loc": ["body", "sent_at"],
                        "msg": "Input should be a valid datetime", "input": v}]}),
                );
            };
            t
        }
    };
    let Some(hostname) = body["machine"]["hostname"].as_str().filter(|h| !h.is_empty()) else {
        return json(
            w,
            422,
            serde_json::json!({"detail": [{"loc": ["body", "machine", "hostname"], "msg": "field required"}]}),
        );
    };
    let fingerprint = body["machine"]["fingerprint"].as_str().filter(|f| !f.is_empty());
    if sent_at > now + FUTURE_LIMIT {
        return json(
            w,
            422,
            serde_json::json!({"detail": "sent_at is too far in the future"}),
        );
    }
    let Some(fingerprint) = fingerprint else {
        return json(
            w,
            403,
            serde_json::json!({"detail": "Machine fingerprint mismatch for this API key"}),
        );
    };
    let machine_id = match machine_id {
        Some(id) => {
            if bound_fp.as_deref() != Some(fingerprint) {
                return json(
                    w,
                    403,
                    serde_json::json!({"detail": "Machine fingerprint mismatch for this API key"}),
                );
            }
            id
        }
        None => {
            // First ingestion with this key: the platform registers the machine and binds the key.
            let id = crate::db::ids::new_uuid();
            let os = body["machine"]["os"].as_str().map(str::to_string);
            let created = db.execute(
                "INSERT INTO machines (id, client_id, hostname, os_type, fingerprint, last_seen) \
                 VALUES ($1::uuid, $2::uuid, $3, $4, $5, now())",
                &[
                    (&id, Type::TEXT),
                    (&client_id, Type::TEXT),
                    (&hostname, Type::TEXT),
                    (&os, Type::TEXT),
                    (&fingerprint, Type::TEXT),
                ],
            );
            let bound = db.execute(
                "UPDATE api_keys SET machine_id = $1::uuid WHERE id = $2::uuid",
                &[(&id, Type::TEXT), (&key_id, Type::TEXT)],
            );
            if created.is_err() || bound.is_err() {
                return respond(w, 500, &[], "text/plain", "Internal Server Error");
            }
            id
        }
    };
    // Too old: accepted, but archived instead of stored (no ingest_events row).
    if now.duration_since(sent_at).unwrap_or_default() > ARCHIVE_AFTER {
        return json(w, 202, serde_json::json!({"reason": "archived"}));
    }
    let sent: Option<SystemTime> = Some(sent_at);
    let inserted = db.execute(
        "INSERT INTO ingest_events (id, client_id, machine_id, ingest_id, sent_at) \
         VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5) ON CONFLICT (client_id, ingest_id) DO NOTHING",
        &[
            (&crate::db::ids::new_uuid(), Type::TEXT),
            (&client_id, Type::TEXT),
            (&machine_id, Type::TEXT),
            (&ingest_id, Type::TEXT),
            (&sent, Type::TIMESTAMPTZ),
        ],
    );
    let _ = db.execute(
        "UPDATE machines SET last_seen = now() WHERE id = $1::uuid",
        &[(&machine_id, Type::TEXT)],
    );
    match inserted {
        Ok(1) => json(
            w,
            202,
            serde_json::json!({"status": "accepted", "ingest_id": ingest_id}),
        ),
        Ok(_) => json(
            w,
            200,
            serde_json::json!({"status": "duplicate", "ingest_id": ingest_id}),
        ),
        Err(_) => respond(w, 500, &[], "text/plain", "Internal Server Error"),
    }
}

fn login(w: &mut dyn Write, db: &Mutex<Db>, req: &Request) -> std::io::Result<()> {
    let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
    for field in ["email", "password"] {
        if !body[field].is_string() {
            return json(
                w,
                422,
                serde_json::json!({"detail": [{"type": "missing", "loc": ["body", field], "msg": "Field required",
                    "input": body}]}),
            );
        }
    }
    let (email, password) = (
        body["email"].as_str().unwrap_or_default(),
        body["password"].as_str().unwrap_or_default(),
    );
    // pydantic EmailStr validates the address before anything else: not an address, a domain without a
    // dot or under a special-use name is a 422 (email-validator's messages).
    use crate::platform::login::Problem;
    let reason = match crate::platform::login::problem(email) {
        Some(Problem::NotAnAddress) => Some("An email address must have an @-sign."),
        Some(Problem::NoDot) => Some("The part after the @-sign is not valid. It should have a period."),
        Some(Problem::SpecialUse) => Some(
            "The part after the @-sign is a special-use or reserved name that cannot be used with email.",
        ),
        Some(Problem::CapitalsInDomain) | None => None,
    };
    if let Some(reason) = reason {
        return json(
            w,
            422,
            serde_json::json!({"detail": [{"type": "value_error", "loc": ["body", "email"],
                "msg": format!("value is not a valid email address: {reason}"), "input": email,
                "ctx": {"reason": reason}}]}),
        );
    }
    let mut db = match db.lock() {
        Ok(d) => d,
        Err(p) => p.into_inner(),
    };
    // EmailStr normalises the domain to lower case; the lookup is then exact.
    let lookup = crate::platform::login::lookup_form(email);
    let row = db.query_opt(
        "SELECT id::text, email, client_id::text, role, password_hash FROM users WHERE email = $1",
        &[(&lookup, Type::TEXT)],
    );
    let Ok(Some(row)) = row else {
        return json(w, 401, serde_json::json!({"detail": "invalid_credentials"}));
    };
    let read = || -> crate::error::Result<[String; 5]> {
        Ok([
            row.cell(0, "users")?,
            row.cell(1, "users")?,
            row.cell(2, "users")?,
            row.cell(3, "users")?,
            row.cell(4, "users")?,
        ])
    };
    let Ok([id, email, client_id, role, hash]) = read() else {
        return respond(w, 500, &[], "text/plain", "Internal Server Error");
    };
    // passlib raises on a hash it cannot identify: the platform answers a plain-text 500.
    if crate::secrets::hash::classify(&hash) != crate::secrets::hash::Status::Ok {
        return respond(w, 500, &[], "text/plain", "Internal Server Error");
    }
    if !bcrypt::verify(password, &hash).unwrap_or(false) {
        return json(w, 401, serde_json::json!({"detail": "invalid_credentials"}));
    }
    let token = crate::provision::generate_password();
    let access = format!("access_token={}; HttpOnly; Path=/; SameSite=Lax", token.expose());
    let refresh = format!(
        "refresh_token={}; HttpOnly; Path=/; SameSite=Lax",
        crate::provision::generate_password().expose()
    );
    let body = serde_json::json!({
        "id": id,
        "email": email,
        "client_id": client_id,
        "role": role,
    });
    respond(
        w,
        200,
        &[("Set-Cookie", &access), ("Set-Cookie", &refresh)],
        "application/json",
        &body.to_string(),
    )
}
