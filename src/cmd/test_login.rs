//! `provctl test-login`: the runbook's login test, without curl's traps — the POST and its body are
//! re-sent on redirects (curl `-L` drops them on 301), cookies and tokens are never printed.

use super::Ctx;
use crate::error::{Error, Result};
use crate::platform::http::{self, Client};
use crate::secrets::secret::{self, SecretString};
use crate::ui::output::{note, Value};
use std::time::Duration;

/// Flags of `provctl test-login`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  provctl test-login --url https://monitor.example.com \\
      --email admin@acme.example
  provctl test-login --url http://127.0.0.1 --email admin@acme.example \\
      --insecure                            # follows 301 to https
  provctl secrets show acme.ini.generated.secrets.env -o json |
      jq -j '.[] | select(.name==\"ADMIN_PASSWORD\").value' |
      provctl test-login --url https://monitor.example.com \\
      --email admin@acme.example --password-stdin")]
pub struct TestLoginArgs {
    /// Base URL of the platform (http or https).
    #[arg(long, value_name = "BASE")]
    pub url: String,
    /// The email to log in with.
    #[arg(long, value_name = "EMAIL")]
    pub email: String,
    /// Read the password from stdin (up to end of input, one trailing newline removed) instead of prompting.
    #[arg(long)]
    pub password_stdin: bool,
    /// Accept a self-signed certificate (like curl -k).
    #[arg(long)]
    pub insecure: bool,
    /// Give up on the platform after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = crate::cli::seconds())]
    pub timeout: u64,
}

pub fn run(ctx: &mut Ctx, args: TestLoginArgs) -> Result<()> {
    let url = http::endpoint(&args.url, "/api/v1/auth/login")?;
    let password = secret::read_password(args.password_stdin, &format!("Password for {}: ", args.email))?;
    let body = SecretString::new(
        serde_json::json!({"email": args.email, "password": password.expose()}).to_string(),
    );
    let client = Client::new(args.insecure, Duration::from_secs(args.timeout.max(1)));
    let (final_url, reply) = http::post_following(&client, &url, &[], &body)?;
    note(&format!("POST {final_url} -> {} {}", reply.status, reply.reason));
    match reply.status {
        200 => {
            let v: serde_json::Value = serde_json::from_str(&reply.body).unwrap_or_default();
            let field = |k: &str| match &v[k] {
                serde_json::Value::String(s) => Value::text(s.clone()),
                serde_json::Value::Null => Value::Null,
                other => Value::text(other.to_string()),
            };
            ctx.out.record(&[
                ("status", Value::Int(200)),
                ("id", field("id")),
                ("email", field("email")),
                ("client_id", field("client_id")),
                ("role", field("role")),
            ])?;
            Ok(())
        }
        status => {
            ctx.out.record(&[
                ("status", Value::Int(status.into())),
                ("body", Value::text(body_excerpt(&reply.body))),
            ])?;
            // An e-mail the login can never accept explains a 401/422 better than any password check.
            let never = crate::platform::login::problem(&args.email).filter(|p| p.status() == status);
            let (msg, hint) = match (status, never) {
                (401, Some(p)) => (
                    format!(
                        "invalid credentials (401): {} can never log in: {}; it looked up {}",
                        args.email,
                        p.why(),
                        crate::platform::login::lookup_form(&args.email)
                    ),
                    Some(format!(
                        "store the user's e-mail as {} (the domain in lower case); `provctl doctor` lists every such user",
                        crate::platform::login::lookup_form(&args.email)
                    )),
                ),
                (401, None) => (
                    "invalid credentials (401)".to_string(),
                    Some(format!("check the password with `provctl verify-password --email {}`", args.email)),
                ),
                (500, _) => (
                    "the platform failed (500): a malformed stored hash makes its login raise".to_string(),
                    Some(format!("run `provctl verify-hash --email {}`", args.email)),
                ),
                (422, Some(p)) => (
                    format!(
                        "the platform refused the e-mail (422): {} can never log in: {}",
                        args.email,
                        p.why()
                    ),
                    Some(
                        "give the user an address under a real domain; `provctl doctor` lists every such user"
                            .to_string(),
                    ),
                ),
                (422, None) => (
                    "the platform rejected the request (422): its email validation refuses this address, or the body"
                        .to_string(),
                    None,
                ),
                (s, _) => (format!("unexpected status {s}"), None),
            };
            let mut e = Error::new(crate::error::Exit::Check, msg);
            e.hint = hint;
            Err(e)
        }
    }
}

/// The body as shown to the operator: bounded and escaped (by the output layer).
pub fn body_excerpt(body: &str) -> String {
    let mut s: String = body.chars().take(2000).collect();
    if body.chars().count() > 2000 {
        s.push('…');
    }
    s
}
