//! `provctl verify-password`: does a password match the user's stored hash? The password comes from a
//! no-echo prompt or `--password-stdin`, never from an argument.

use super::Ctx;
use crate::db::RowExt;
use crate::error::{Error, Result};
use crate::secrets::hash::{self, Status};
use crate::secrets::secret::{self, SecretString};
use crate::ui::output::{Format, Value};
use postgres::types::Type;

/// Flags of `provctl verify-password`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  provctl verify-password --email admin@acme.example\n  pass show acme/admin |\n      provctl verify-password --email admin@acme.example --password-stdin"
)]
pub struct VerifyPasswordArgs {
    /// The user's email.
    #[arg(long, value_name = "EMAIL")]
    pub email: String,
    /// Read the password from stdin (everything up to end of input, one trailing newline removed).
    #[arg(long)]
    pub password_stdin: bool,
}

pub fn run(ctx: &mut Ctx, args: VerifyPasswordArgs) -> Result<()> {
    let mut db = ctx.connect()?;
    let row = db
        .query_opt(
            "SELECT password_hash FROM users WHERE email = $1",
            &[(&args.email, Type::TEXT)],
        )?
        .ok_or_else(|| {
            Error::usage(format!(
                "no user with email `{}`",
                crate::ui::output::escape(&args.email)
            ))
        })?;
    let stored = SecretString::new(row.cell::<Option<String>>(0, "users")?.unwrap_or_default());
    drop(db);
    let h = stored.expose();
    let status = hash::classify(h);
    // A malformed hash cannot match anything (the platform's login raises on it): said before any
    // password is asked for — typing one would be for nothing — and exit 1.
    let matches = if status == Status::Ok {
        let password = secret::read_password(args.password_stdin, &format!("Password for {}: ", args.email))?;
        bcrypt::verify(password.expose(), h).unwrap_or(false)
    } else {
        crate::ui::output::warn(&format!(
            "the stored hash is malformed ({}): no password can match it, none is asked for; run `provctl \
             verify-hash --email {}`",
            status.as_str(),
            args.email
        ));
        false
    };
    let prefix = hash::prefix(h);
    let len = h.chars().count() as i64;
    match ctx.out.format {
        Format::Table => {
            ctx.out.line(&format!("VERIFY_AGAINST_DB={matches}"))?;
            ctx.out.line(&format!("HASH_PREFIX={prefix}"))?;
            ctx.out.line(&format!("HASH_LEN={len}"))?;
        }
        _ => ctx.out.record(&[
            ("email", Value::text(&args.email)),
            ("verify_against_db", Value::Bool(matches)),
            ("hash_prefix", Value::Text(prefix)),
            ("hash_len", Value::Int(len)),
            ("hash_status", Value::text(status.as_str())),
        ])?,
    }
    if matches {
        Ok(())
    } else {
        Err(Error::check_failed())
    }
}
