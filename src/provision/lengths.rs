//! Every value of a spec against the live column limits (the deployed schema's, not the ORM's): a value
//! that would not fit is refused before the transaction, naming file, line and field.

use crate::db::schema::LiveColumn;
use crate::error::Result;
use crate::provision::{field_error, Spec};
use std::collections::BTreeMap;

/// Checks every value against the live column limits (the deployed schema's, not the ORM's).
pub fn check_lengths(spec: &Spec, live: &BTreeMap<(String, String), LiveColumn>) -> Result<()> {
    let limit = |t: &str, c: &str| {
        live.get(&(t.to_string(), c.to_string()))
            .and_then(|l| l.max_length)
    };
    let check =
        |value: &str, table: &str, column: &str, section: &str, field: &str, line: usize| -> Result<()> {
            if let Some(max) = limit(table, column) {
                let n = value.chars().count();
                if n > max as usize {
                    return Err(field_error(
                        &spec.path,
                        line,
                        section,
                        field,
                        format!("{n} characters, but {table}.{column} holds at most {max}"),
                    ));
                }
            }
            Ok(())
        };
    check(
        &spec.client_name.value,
        "clients",
        "name",
        "client",
        "name",
        spec.client_name.line,
    )?;
    if let Some(e) = &spec.client_email.value {
        check(e, "clients", "email", "client", "email", spec.client_email.line)?;
    }
    check(
        &spec.admin_email.value,
        "users",
        "email",
        "admin",
        "email",
        spec.admin_email.line,
    )?;
    check(
        &spec.admin_role.value,
        "users",
        "role",
        "admin",
        "role",
        spec.admin_role.line,
    )?;
    for k in &spec.keys {
        check(
            &k.name.value,
            "api_keys",
            "name",
            "api_keys",
            "prefix",
            k.name.line,
        )?;
        if let Some(v) = &k.imposed {
            check(
                v.value.expose(),
                "api_keys",
                "key",
                "api_keys",
                &k.name.value,
                v.line,
            )?;
        }
    }
    if let Some(max) = limit("api_keys", "key") {
        let len = spec.key_length.value;
        if len > max as usize {
            return Err(field_error(
                &spec.path,
                spec.key_length.line,
                "api_keys",
                "length",
                format!("{len}, but api_keys.key holds at most {max}"),
            ));
        }
    }
    let s = &spec.settings;
    let line = |f: &str| s.lines.get(f).copied().unwrap_or(0);
    check(
        &s.notification_email,
        "client_settings",
        "notification_email",
        "client_settings",
        "notification_email",
        line("notification_email"),
    )?;
    if let Some(u) = &s.slack_webhook_url {
        check(
            u,
            "client_settings",
            "slack_webhook_url",
            "client_settings",
            "slack_webhook_url",
            line("slack_webhook_url"),
        )?;
    }
    check(
        &s.slack_channel_name,
        "client_settings",
        "slack_channel_name",
        "client_settings",
        "slack_channel_name",
        line("slack_channel_name"),
    )?;
    for t in &spec.targets {
        check(&t.name, "http_targets", "name", "http_targets", &t.option, t.line)?;
        check(&t.url, "http_targets", "url", "http_targets", &t.option, t.line)?;
        check(
            &t.method,
            "http_targets",
            "method",
            "http_targets",
            &t.option,
            t.line,
        )?;
    }
    Ok(())
}
