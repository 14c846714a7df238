//! `provctl reset-password`: a new bcrypt password for a user, checked inside the transaction — the
//! stored hash is read back and must be 60 characters, `$2b$`, and verify against the new password, or
//! nothing is committed. This is the fix for the production incident where a shell-interpolated UPDATE
//! stored a truncated hash and locked an admin out.

use super::Ctx;
use crate::audit::AuditLog;
use crate::db::RowExt;
use crate::error::{Error, Result};
use crate::secrets::file::NewFile;
use crate::secrets::secret::{self, SecretString};
use crate::ui::output::{note, Format, Value};
use postgres::types::Type;
use std::io::Write;
use std::path::PathBuf;

/// Flags of `provctl reset-password`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  provctl reset-password --email admin@acme.example --out acme-admin.env
  pass show acme/new-admin |
      provctl reset-password --email admin@acme.example --password-stdin --yes
  provctl reset-password --email admin@acme.example --reveal  # private terminal")]
pub struct ResetPasswordArgs {
    /// The user's email.
    #[arg(long, value_name = "EMAIL")]
    pub email: String,
    /// Read the new password from stdin instead of generating one.
    #[arg(long)]
    pub password_stdin: bool,
    /// Write a generated password to this new file (0600; lines ADMIN_EMAIL=… and ADMIN_PASSWORD=…).
    #[arg(long, value_name = "FILE", conflicts_with = "password_stdin")]
    pub out: Option<PathBuf>,
    /// Show a generated password on the terminal.
    #[arg(long, conflicts_with = "password_stdin")]
    pub reveal: bool,
}

pub fn run(ctx: &mut Ctx, args: ResetPasswordArgs) -> Result<()> {
    // Where a generated password will go is settled before anything else: with nowhere safe, refuse.
    let mut out_file = None;
    if !args.password_stdin {
        match &args.out {
            Some(path) => out_file = Some(NewFile::create(path, false)?),
            None if args.reveal && ctx.out.stdout_is_terminal() => {}
            None => return Err(Error::refused(
                "a generated password needs a safe destination: nothing changed",
            )
            .with_hint(
                "pass --out FILE (created 0600), or --reveal on a private terminal, or --password-stdin",
            )),
        }
    }
    let password = if args.password_stdin {
        let p = secret::read_stdin("password")?;
        secret::check_password(&p, "the password")?;
        p
    } else {
        crate::provision::generate_password()
    };
    let mut db = ctx.connect()?;
    let user = db
        .query_opt(
            "SELECT u.id::text, c.name FROM users u LEFT JOIN clients c ON c.id = u.client_id WHERE u.email = $1",
            &[(&args.email, Type::TEXT)],
        )?
        .ok_or_else(|| Error::usage(format!("no user with email `{}`", crate::ui::output::escape(&args.email))))?;
    let (user_id, client_name): (String, Option<String>) = (user.cell(0, "users")?, user.cell(1, "clients")?);
    let target = ctx.target()?;
    crate::ui::confirm::plan_header(
        &target,
        &format!(
            "reset-password {} (client {}): the current password stops working",
            args.email,
            client_name.as_deref().unwrap_or("?")
        ),
    );
    crate::ui::confirm::confirm(
        &target,
        ctx.global.yes,
        &format!("Set a new password for {}?", args.email),
    )?;
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let hash = SecretString::new(crate::secrets::hash::bcrypt_2b(password.expose()).map_err(|why| {
        crate::secrets::hash::hashing_failed(&format!("reset-password {}", args.email), &why)
    })?);
    let url = db.url().clone();
    let mut tx = ctx.change_transaction(&mut db, 5)?;
    tx.execute(
        "UPDATE users SET password_hash = $1, updated_at = now() WHERE id = $2::uuid",
        &[(&hash, Type::TEXT), (&user_id, Type::TEXT)],
    )?;
    // Read back what the database stored: a column too short, a trigger, an encoding problem would show
    // here, before the admin is locked out.
    let stored = SecretString::new(
        tx.query_one(
            "SELECT password_hash FROM users WHERE id = $1::uuid",
            &[(&user_id, Type::TEXT)],
        )?
        .cell::<Option<String>>(0, "users")?
        .unwrap_or_default(),
    );
    let s = stored.expose();
    let verified =
        s.len() == 60 && s.starts_with("$2b$") && bcrypt::verify(password.expose(), s).unwrap_or(false);
    if !verified {
        return Err(Error::database(format!(
            "the stored hash failed the check (length {}, prefix {}): rolled back, the old password still works",
            s.chars().count(),
            crate::secrets::hash::prefix(s)
        )));
    }
    // Recorded before anything is committed or written: no audit line, no change.
    let pending = log.begin(
        &ctx.env,
        Some(&url),
        client_name.as_deref(),
        serde_json::json!({"users": 1}),
    )?;
    // A generated password is on disk before the commit; removed again if the commit fails.
    if let Some(f) = out_file.as_mut() {
        if let Err(e) = write_out_file(f, &args.email, &password) {
            log.end(pending, None, &crate::audit::failure_outcome(&e));
            return Err(e);
        }
    }
    if let Err(e) = tx.commit() {
        log.end(pending, None, &crate::audit::failure_outcome(&e));
        if crate::db::outcome_unknown(&e) {
            // It may have committed: the new password must stay where the operator can find it.
            if let Some(f) = &out_file {
                crate::ui::output::warn(&format!(
                    "the commit outcome is unknown: {} keeps the new password; verify with `provctl verify-password`",
                    f.dest().display()
                ));
            }
        } else if let Some(f) = out_file {
            f.unpublish();
        }
        return Err(e);
    }
    log.end(pending, None, "ok");
    let len = s.chars().count() as i64;
    let prefix = crate::secrets::hash::prefix(s);
    match ctx.out.format {
        Format::Table => {
            ctx.out.line(&format!("HASH_LEN={len}"))?;
            ctx.out.line(&format!("HASH_PREFIX={prefix}"))?;
        }
        _ => ctx.out.record(&[
            ("email", Value::text(&args.email)),
            ("hash_len", Value::Int(len)),
            ("hash_prefix", Value::Text(prefix)),
        ])?,
    }
    if let Some(f) = &out_file {
        note(&format!(
            "the new password is in {} (mode 0600, checked to be the file written)",
            f.dest().display()
        ));
        crate::secrets::file::warn_if_git_would_commit(f.dest());
    } else if args.reveal && !args.password_stdin {
        // Shown only on request, on a terminal (checked above), and never in the JSON document.
        let w = ctx.out.raw();
        let _ = writeln!(w, "ADMIN_PASSWORD={}", password.expose());
    }
    Ok(())
}

/// The `--out` file: `ADMIN_EMAIL=` and `ADMIN_PASSWORD=` lines, published before the commit.
fn write_out_file(f: &mut NewFile, email: &str, password: &SecretString) -> Result<()> {
    let mut text = zeroize::Zeroizing::new(String::with_capacity(256));
    use crate::secrets::file::{header, Layout};
    text.push_str(
        &header(Layout::Env, "an admin password (provctl reset-password)", &[]).unwrap_or_default(),
    );
    crate::secrets::file::push_line(&mut text, "ADMIN_EMAIL", email)?;
    crate::secrets::file::push_line(&mut text, "ADMIN_PASSWORD", password.expose())?;
    f.writer()
        .write_all(text.as_bytes())
        .map_err(|e| Error::refused(format!("cannot write {}: {e}", f.dest().display())))?;
    f.publish()
}
