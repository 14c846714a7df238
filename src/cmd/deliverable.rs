//! `provctl deliverable`: the client delivery document (markdown) — access URL, admin account, the
//! active and reserve API keys with their values, and an ingestion test — under the same destination
//! rules as `keys export`, since it carries secrets.

use super::Ctx;
use crate::audit::AuditLog;
use crate::db::RowExt;
use crate::error::{Error, Result};
use crate::secrets::secret::SecretString;
use crate::ui::output::escape;
use postgres::types::Type;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Flags of `provctl deliverable`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  provctl deliverable --client Acme --url https://monitor.example.com \\
      --secrets-file provisioning/acme.ini.generated.secrets.env \\
      --out acme-livrable.md
  provctl deliverable --client Acme --url https://monitor.example.com \\
      --lang en | gpg -e -r ops@acme.example")]
pub struct DeliverableArgs {
    /// The client (id or exact name).
    #[arg(long, value_name = "CLIENT")]
    pub client: String,
    /// Base URL of the platform given to the client.
    #[arg(long, value_name = "BASE")]
    pub url: String,
    /// The generated secrets file holding the admin password (else the document says it is sent separately).
    #[arg(long, value_name = "FILE")]
    pub secrets_file: Option<PathBuf>,
    /// Write to this file (0600; refuses an existing file unless --force).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite an existing --out file.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Allow printing secrets on a terminal.
    #[arg(long)]
    pub reveal: bool,
    /// Language of the document.
    #[arg(long, value_enum, default_value_t = Lang::Fr)]
    pub lang: Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Fr,
    En,
}

/// The words of the document, per language.
struct Words {
    title: &'static str,
    ui: &'static str,
    password: &'static str,
    separately: &'static str,
    role: &'static str,
    change: &'static str,
    api: &'static str,
    active: &'static str,
    reserve: &'static str,
    none: &'static str,
    test: &'static str,
    expected: &'static str,
    binding: &'static str,
}

const FR: Words = Words {
    title: "Livrable client bêta",
    ui: "Accès à l'interface (compte administrateur)",
    password: "Mot de passe",
    separately: "communiqué séparément, par un autre canal",
    role: "Rôle",
    change: "Changez ce mot de passe à la première connexion.",
    api: "Accès à l'API d'ingestion",
    active: "Clé active (à utiliser)",
    reserve: "Clés de réserve (désactivées, activables sur demande)",
    none: "aucune",
    test: "Tester une ingestion (curl)",
    expected: "Réponse attendue",
    binding: "La première ingestion avec une clé enregistre la machine (hostname + fingerprint) et y attache la clé : \
              utilisez la même fingerprint ensuite.",
};

const EN: Words = Words {
    title: "Beta client delivery",
    ui: "Web interface access (administrator account)",
    password: "Password",
    separately: "sent separately, through another channel",
    role: "Role",
    change: "Please change this password at first login.",
    api: "Ingestion API access",
    active: "Active key (use this one)",
    reserve: "Reserve keys (disabled, enabled on request)",
    none: "none",
    test: "Test an ingestion (curl)",
    expected: "Expected answer",
    binding: "The first ingestion with a key registers the machine (hostname + fingerprint) and binds the key to it: \
              keep the same fingerprint afterwards.",
};

pub fn run(ctx: &mut Ctx, args: DeliverableArgs) -> Result<()> {
    let base = crate::platform::http::endpoint(&args.url, "")?;
    let mut dest = super::keys::destination(ctx, args.out.as_deref(), args.force, args.reveal)?;
    let mut db = ctx.connect()?;
    let client = crate::db::clients::resolve(&mut db, &args.client)?;
    let admin = db
        .query(
            "SELECT email, role FROM users WHERE client_id = $1::uuid \
             ORDER BY (role = 'admin_client') DESC, created_at, email LIMIT 1",
            &[(&client.id, Type::TEXT)],
        )?
        .first()
        .map(|r| Ok::<_, Error>((r.cell::<String>(0, "users")?, r.cell::<String>(1, "users")?)))
        .transpose()?
        .ok_or_else(|| Error::usage(format!("client {} has no user to deliver", escape(&client.name))))?;
    let keys: Vec<(String, SecretString, bool)> = db
        .query(
            "SELECT coalesce(name, ''), key, is_active FROM api_keys WHERE client_id = $1::uuid ORDER BY name, id",
            &[(&client.id, Type::TEXT)],
        )?
        .iter()
        .map(|r| Ok((r.cell(0, "api_keys")?, SecretString::new(r.cell(1, "api_keys")?), r.cell(2, "api_keys")?)))
        .collect::<Result<_>>()?;
    let password = match &args.secrets_file {
        Some(f) => admin_password(f, &admin.0)?,
        None => None,
    };
    let doc = render(
        if args.lang == Lang::Fr { &FR } else { &EN },
        &client.name,
        &base,
        &admin,
        password.as_ref(),
        &keys,
    );
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let url = db.url().clone();
    let to = match &dest {
        super::keys::Destination::File(f) => f.dest().display().to_string(),
        super::keys::Destination::Stdout => "stdout".to_string(),
    };
    let counts = serde_json::json!({"keys": keys.len(), "password": password.is_some(), "to": to});
    // The document carries secrets: recorded before it is written, whatever happens next.
    let pending = log.begin(&ctx.env, Some(&url), Some(&client.name), counts)?;
    // The file starts with provctl's header (an HTML comment: invisible once rendered), naming the
    // secrets it holds, so `secrets list|shred` find and count it.
    let mut held: Vec<&str> = password.iter().map(|_| "ADMIN_PASSWORD").collect();
    held.extend(
        keys.iter()
            .map(|k| k.0.as_str())
            .filter(|n| crate::secrets::file::is_key_name(n)),
    );
    let header = crate::secrets::file::header(
        crate::secrets::file::Layout::Deliverable,
        &format!(
            "delivery document for {} (provctl deliverable)",
            escape(&client.name)
        ),
        &held,
    )
    .unwrap_or_default();
    let written = match &mut dest {
        super::keys::Destination::File(f) => f
            .writer()
            .write_all(header.as_bytes())
            .and_then(|_| f.writer().write_all(doc.expose().as_bytes()))
            .map_err(|e| Error::refused(format!("cannot write {}: {e}", f.dest().display())))
            .and_then(|_| f.publish()),
        super::keys::Destination::Stdout => {
            let w = ctx.out.raw();
            w.write_all(doc.expose().as_bytes())
                .and_then(|_| w.flush())
                .map_err(crate::ui::output::io_err)
        }
    };
    if let Err(e) = written {
        let outcome = match e.exit {
            crate::error::Exit::BrokenPipe => "stdout closed: the document was cut short".to_string(),
            _ => crate::audit::failure_outcome(&e),
        };
        log.end(pending, None, &outcome);
        return Err(e);
    }
    log.end(pending, None, &format!("deliverable written to {to}"));
    if let super::keys::Destination::File(f) = &dest {
        crate::secrets::file::warn_if_git_would_commit(f.dest());
    }
    crate::ui::output::note(&format!("delivery document for {} written to {to}", client.name));
    Ok(())
}

/// The last `ADMIN_PASSWORD` recorded for `email` in a generated secrets file. The file is opened
/// without following a symlink or blocking on a FIFO, must be a regular file of ours that nobody else
/// can write (exit 3: it could have been forged), and must have provctl's shape line by line (exit 2).
fn admin_password(path: &Path, email: &str) -> Result<Option<SecretString>> {
    use std::os::unix::fs::MetadataExt;
    let mut f = crate::secrets::file::open_read(path)
        .map_err(|e| Error::usage(format!("--secrets-file {}: {e}", path.display())))?;
    let meta = f
        .metadata()
        .map_err(|e| Error::usage(format!("--secrets-file {}: {e}", path.display())))?;
    if meta.uid() != crate::secrets::file::current_uid() || meta.mode() & 0o022 != 0 {
        return Err(Error::refused(format!(
            "--secrets-file {} {} (mode {:o}): someone else could have written the password in it: nothing delivered",
            path.display(),
            if meta.uid() != crate::secrets::file::current_uid() {
                format!("belongs to {}", crate::secrets::file::user_name(meta.uid()))
            } else {
                "is writable by group or others".to_string()
            },
            meta.mode() & 0o7777
        ))
        .with_hint("check the file (`provctl secrets show`), then `chmod 600` it"));
    }
    let text = crate::secrets::file::read_text(&mut f, path)?;
    let found = crate::secrets::file::admin_passwords(&text, path)?
        .into_iter()
        .rfind(|a| a.email == email)
        .map(|a| a.password);
    if found.is_none() {
        crate::ui::output::warn(&format!(
            "{} holds no password for {email}: the document says it is sent separately",
            path.display()
        ));
    }
    Ok(found)
}

fn render(
    w: &Words,
    client: &str,
    base: &str,
    admin: &(String, String),
    password: Option<&SecretString>,
    keys: &[(String, SecretString, bool)],
) -> SecretString {
    let mut d = String::with_capacity(4096);
    // `--url` is the operator's own text, but it lands in a document read on terminals: inert too.
    let base = &*escape(base);
    let line = |d: &mut String, s: &str| {
        d.push_str(s);
        d.push('\n');
    };
    line(&mut d, &format!("## {} — {}", w.title, escape(client)));
    line(&mut d, "");
    line(&mut d, &format!("### {}", w.ui));
    line(&mut d, "");
    line(&mut d, &format!("* **URL** : `{base}`"));
    line(&mut d, &format!("* **Email** : `{}`", escape(&admin.0)));
    match password {
        Some(p) => line(&mut d, &format!("* **{}** : `{}`", w.password, p.expose())),
        None => line(&mut d, &format!("* **{}** : {}", w.password, w.separately)),
    }
    line(&mut d, &format!("* **{}** : `{}`", w.role, escape(&admin.1)));
    line(&mut d, "");
    line(&mut d, &format!("> {}", w.change));
    line(&mut d, "");
    line(&mut d, "---");
    line(&mut d, "");
    line(&mut d, &format!("### {}", w.api));
    line(&mut d, "");
    line(
        &mut d,
        &format!("* **Endpoint** : `POST {base}/api/v1/ingest/metrics`"),
    );
    line(&mut d, "* **Header** : `X-API-Key: <API_KEY>`");
    line(&mut d, "");
    let list = |d: &mut String, title: &str, active: bool| {
        line(d, &format!("#### {title}"));
        line(d, "");
        let mut any = false;
        for (name, key, _) in keys.iter().filter(|k| k.2 == active) {
            line(d, &format!("* `{}` = `{}`", escape(name), escape(key.expose())));
            any = true;
        }
        if !any {
            line(d, &format!("* {}", w.none));
        }
        line(d, "");
    };
    list(&mut d, w.active, true);
    list(&mut d, w.reserve, false);
    line(&mut d, "---");
    line(&mut d, "");
    line(&mut d, &format!("### {}", w.test));
    line(&mut d, "");
    line(&mut d, "```bash");
    let first_active = keys
        .iter()
        .find(|k| k.2)
        .map_or("<API_KEY>".to_string(), |k| escape(k.1.expose()).into_owned());
    line(&mut d, &format!("API_KEY=\"{first_active}\""));
    line(&mut d, "SENT_AT=\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"");
    line(&mut d, "");
    line(
        &mut d,
        &format!("curl -s -i -X POST \"{base}/api/v1/ingest/metrics\" \\"),
    );
    line(&mut d, "  -H \"X-API-Key: $API_KEY\" \\");
    line(&mut d, "  -H \"Content-Type: application/json\" \\");
    line(
        &mut d,
        "  -d \"{\\\"sent_at\\\":\\\"$SENT_AT\\\",\\\"machine\\\":{\\\"hostname\\\":\\\"client-test-01\\\",\\\"os\\\":\\\"Linux\\\",\\\"fingerprint\\\":\\\"client-test-01\\\"},\\\"metrics\\\":[]}\"",
    );
    line(&mut d, "```");
    line(&mut d, "");
    line(
        &mut d,
        &format!("**{}** : `202` — `{{\"status\":\"accepted\",…}}`", w.expected),
    );
    line(&mut d, "");
    line(&mut d, &format!("> {}", w.binding));
    SecretString::new(d)
}
