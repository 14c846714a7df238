//! `provctl test-ingest`: one test ingestion with an API key, as the runbook's curl did — the key read
//! from the database (never printed), and a warning first: the first ingestion binds the key to this
//! machine until a `reset-client`.

use super::Ctx;
use crate::audit::AuditLog;
use crate::db::RowExt;
use crate::error::{Error, Exit, Result};
use crate::platform::http::{self, Client};
use crate::secrets::secret::{self, SecretString};
use crate::ui::output::{note, warn, Format, Value};
use postgres::types::Type;
use std::time::{Duration, SystemTime};

/// Flags of `provctl test-ingest`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  provctl test-ingest --url https://monitor.example.com --key-name acme-key-01
  provctl test-ingest --url https://monitor.example.com --key-name acme-key-01 \\
      --hostname ops-test-01 --yes
  pass show acme/key |
      provctl test-ingest --url https://monitor.example.com --api-key-stdin",
    group = clap::ArgGroup::new("key").required(true)
)]
pub struct TestIngestArgs {
    /// Base URL of the platform (http or https).
    #[arg(long, value_name = "BASE")]
    pub url: String,
    /// Read the key value from the database by key name.
    #[arg(long, value_name = "NAME", group = "key")]
    pub key_name: Option<String>,
    /// Read the key value from stdin.
    #[arg(long, group = "key")]
    pub api_key_stdin: bool,
    /// Hostname of the test machine.
    #[arg(long, value_name = "H", default_value = "provctl-test-01")]
    pub hostname: String,
    /// Fingerprint of the test machine (default: the hostname).
    #[arg(long, value_name = "F")]
    pub fingerprint: Option<String>,
    /// OS reported for the test machine.
    #[arg(long, value_name = "OS", default_value = "Linux")]
    pub os: String,
    /// The batch's `sent_at` (RFC 3339 in UTC, e.g. 2026-01-01T12:00:00Z) instead of now: to reproduce an
    /// agent whose clock is off (too old is archived, too far ahead is refused).
    #[arg(long, value_name = "TIME", value_parser = parse_sent_at)]
    pub sent_at: Option<SystemTime>,
    /// Accept a self-signed certificate (like curl -k).
    #[arg(long)]
    pub insecure: bool,
    /// Give up on the platform after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = crate::cli::seconds())]
    pub timeout: u64,
}

/// What the database says about the key before we use it.
struct KeyState {
    name: Option<String>,
    active: bool,
    bound_fingerprint: Option<Option<String>>,
    bound_hostname: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: TestIngestArgs) -> Result<()> {
    let url = http::endpoint(&args.url, "/api/v1/ingest/metrics")?;
    let fingerprint = args.fingerprint.clone().unwrap_or_else(|| args.hostname.clone());
    // `looked_up`: whether a database was there to ask (so a missing row means an unknown key).
    let mut looked_up = true;
    let (key, state) = match &args.key_name {
        Some(name) => {
            let mut db = ctx.connect()?;
            let rows = db.query(
                "SELECT k.key, k.name, k.is_active, k.machine_id IS NOT NULL, m.fingerprint, m.hostname \
                 FROM api_keys k LEFT JOIN machines m ON m.id = k.machine_id WHERE k.name = $1 ORDER BY k.id",
                &[(name, Type::TEXT)],
            )?;
            let row = match rows.as_slice() {
                [] => {
                    return Err(Error::usage(format!(
                        "unknown key `{}`",
                        crate::ui::output::escape(name)
                    )))
                }
                [row] => row,
                _ => {
                    return Err(Error::usage(format!(
                        "{} keys are named `{}`: pipe the value with --api-key-stdin instead",
                        rows.len(),
                        crate::ui::output::escape(name)
                    )))
                }
            };
            (SecretString::new(row.cell(0, "api_keys")?), Some(state_of(row)?))
        }
        None => {
            let key = secret::read_stdin("API key")?;
            let key = SecretString::new(key.expose().trim().to_string());
            if key.is_empty() {
                return Err(Error::usage("the API key read from stdin is empty"));
            }
            if key.expose().chars().any(char::is_control) {
                return Err(Error::usage(
                    "the API key read from stdin contains control characters (NUL, newline…)",
                ));
            }
            // The state is a courtesy: only when a database is configured.
            let state = match ctx.db_url() {
                Ok(_) => {
                    let mut db = ctx.connect()?;
                    db.query_opt(
                        "SELECT k.key, k.name, k.is_active, k.machine_id IS NOT NULL, m.fingerprint, m.hostname \
                         FROM api_keys k LEFT JOIN machines m ON m.id = k.machine_id WHERE k.key = $1",
                        &[(&key, Type::TEXT)],
                    )?
                    .map(|r| state_of(&r))
                    .transpose()?
                }
                Err(_) => {
                    looked_up = false;
                    None
                }
            };
            (key, state)
        }
    };
    if let Some(st) = &state {
        let name = st.name.as_deref().unwrap_or("(unnamed)");
        if !st.active {
            warn(&format!(
                "key {name} is inactive: the API will answer 403 (sending anyway, to show it)"
            ));
        }
        match &st.bound_fingerprint {
            None if st.active => {
                warn(&format!(
                    "key {name} is not bound yet: this first ingestion binds it to machine {} (fingerprint {}) \
                     until a `provctl reset-client`; the client's own agent will then get 403 with this key",
                    args.hostname, fingerprint
                ));
                let target = ctx.target_at(format!("API {}", args.url));
                crate::ui::confirm::confirm(&target, ctx.global.yes, &format!("Bind {name} to {} and send?", args.hostname))?;
            }
            Some(fp) if fp.as_deref() != Some(fingerprint.as_str()) => warn(&format!(
                "key {name} is bound to machine {} (fingerprint {}): the API will answer 403 for fingerprint {fingerprint}",
                st.bound_hostname.as_deref().unwrap_or("?"),
                fp.as_deref().unwrap_or("none")
            )),
            _ => {}
        }
    } else if looked_up {
        warn("this key is not in the database: the API will answer 403 (sending anyway, to show it)");
    } else {
        note("no database configured: the key's state (active, bound) is not checked first");
    }
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let ingest_id = format!("provctl-{}", crate::db::ids::new_uuid());
    let sent_at = humantime::format_rfc3339_seconds(args.sent_at.unwrap_or_else(SystemTime::now)).to_string();
    let body = SecretString::new(
        serde_json::json!({
            "sent_at": sent_at,
            "machine": {"hostname": args.hostname, "os": args.os, "fingerprint": fingerprint},
            "metrics": [],
        })
        .to_string(),
    );
    let client = Client::new(args.insecure, Duration::from_secs(args.timeout.max(1)));
    let id_header = SecretString::new(ingest_id.clone());
    // The first accepted ingestion binds the key and registers a machine: recorded before it is sent.
    let db_url = ctx.db_url().ok();
    let pending = log.begin(
        &ctx.env,
        db_url.as_ref(),
        None,
        serde_json::json!({"ingest_id": ingest_id}),
    )?;
    let sent = http::post_following(
        &client,
        &url,
        &[("X-API-Key", &key), ("X-Ingest-Id", &id_header)],
        &body,
    );
    let (final_url, reply) = match sent {
        Ok(r) => r,
        Err(e) => {
            // The request may have reached the platform before the error.
            log.end(pending, None, &format!("unknown: {}", e.message));
            return Err(e);
        }
    };
    drop(key);
    note(&format!(
        "POST {final_url} (X-Ingest-Id {ingest_id}) -> {} {}",
        reply.status, reply.reason
    ));
    let parsed: Option<serde_json::Value> = serde_json::from_str(&reply.body).ok();
    if ctx.out.format == Format::Json {
        // The API's JSON answer as a JSON value, not a string holding it (a non-JSON body stays text).
        let body = parsed
            .clone()
            .unwrap_or_else(|| super::test_login::body_excerpt(&reply.body).into());
        ctx.out
            .json(&serde_json::json!({"status": reply.status, "body": body}))?;
    } else {
        ctx.out.record(&[
            ("status", Value::Int(reply.status.into())),
            ("body", Value::text(super::test_login::body_excerpt(&reply.body))),
        ])?;
    }
    let archived = parsed.as_ref().is_some_and(|v| v["reason"] == "archived");
    log.end(
        pending,
        Some(serde_json::json!({"status": reply.status, "ingest_id": ingest_id})),
        &format!("ingestion sent to {final_url}"),
    );
    if reply.status == 202 && !archived {
        return Ok(());
    }
    let meaning = match reply.status {
        202 => "archived, nothing stored: the platform answered 202 but archived the batch because its sent_at is \
                too old (is this machine's clock right?)",
        200 => "duplicate: this ingest id was already received for this client",
        401 => "missing API key (401)",
        403 => "refused (403): unknown or inactive key, or the key is bound to another machine fingerprint",
        422 => "the platform rejected the payload (422): sent_at too far in the future (clock skew?) or a missing field",
        400 => "bad request (400)",
        _ => "unexpected status",
    };
    Err(Error::new(
        Exit::Check,
        format!("ingestion not accepted: {meaning}"),
    ))
}

/// `--sent-at`: an RFC 3339 time in UTC (`…Z`).
fn parse_sent_at(s: &str) -> std::result::Result<SystemTime, String> {
    humantime::parse_rfc3339_weak(s.trim())
        .map_err(|e| format!("`{s}` is not an RFC 3339 UTC time such as 2026-01-01T12:00:00Z ({e})"))
}

fn state_of(row: &postgres::Row) -> Result<KeyState> {
    let bound: bool = row.cell(3, "")?;
    Ok(KeyState {
        name: row.cell(1, "api_keys")?,
        active: row.cell(2, "api_keys")?,
        bound_fingerprint: if bound {
            Some(row.cell(4, "machines")?)
        } else {
            None
        },
        bound_hostname: row.cell(5, "machines")?,
    })
}
