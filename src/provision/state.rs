//! What exists in the database for one INI or many: the batched reads (one query per table for a whole
//! directory of INIs), which the plan compares with the spec.

use crate::db::{RowExt, Session};
use crate::error::Result;
use crate::provision::{field_error, Settings, Spec, Target};
use crate::secrets::secret::SecretString;
use postgres::types::Type;
use postgres::GenericClient;
use std::collections::BTreeMap;

/// What exists in the database for one INI.
#[derive(Debug, Default)]
pub struct State {
    pub client: Option<(String, Option<String>)>,
    /// (user id, client id, client name, role) of the admin email, whichever client it belongs to.
    pub admin: Option<(String, String, Option<String>, String)>,
    pub settings: Option<Settings>,
    /// Existing keys of the client, name → value (values only compared, never shown).
    pub keys: BTreeMap<String, SecretString>,
    pub targets: BTreeMap<String, Target>,
    /// Imposed key values that already exist anywhere, value → key name.
    pub taken: Vec<(SecretString, Option<String>)>,
}

/// Reads the current state for `spec` (the batched read for one INI: one code path). Inside the apply
/// transaction this runs after the advisory lock, so it is the state the inserts will see.
pub fn read_state<C: GenericClient>(db: &mut Session<C>, spec: &Spec) -> Result<State> {
    read_states(db, &[spec])?
        .pop()
        .unwrap_or_else(|| Ok(State::default()))
}

/// Reads the state of many INIs at once: one query per table (six in all) instead of up to five per INI,
/// so `api_keys` (no index on client_id in the deployed schema) is scanned once, not once per INI.
pub fn read_states<C: GenericClient>(db: &mut Session<C>, specs: &[&Spec]) -> Result<Vec<Result<State>>> {
    let names: Vec<String> = specs.iter().map(|s| s.client_name.value.clone()).collect();
    let emails: Vec<String> = specs.iter().map(|s| s.admin_email.value.clone()).collect();
    let mut clients: BTreeMap<String, Vec<(String, Option<String>)>> = BTreeMap::new();
    for r in db.query(
        "SELECT name, id::text, email FROM clients WHERE name = ANY($1) ORDER BY created_at, id",
        &[(&names, Type::TEXT_ARRAY)],
    )? {
        clients
            .entry(r.cell(0, "clients")?)
            .or_default()
            .push((r.cell(1, "clients")?, r.cell(2, "clients")?));
    }
    let mut admins: BTreeMap<String, (String, String, Option<String>, String)> = BTreeMap::new();
    for r in db.query(
        "SELECT u.email, u.id::text, u.client_id::text, c.name, u.role FROM users u \
         LEFT JOIN clients c ON c.id = u.client_id WHERE u.email = ANY($1)",
        &[(&emails, Type::TEXT_ARRAY)],
    )? {
        admins.insert(
            r.cell(0, "users")?,
            (
                r.cell(1, "users")?,
                r.cell(2, "users")?,
                r.cell(3, "clients")?,
                r.cell(4, "users")?,
            ),
        );
    }
    let imposed: Vec<SecretString> = specs
        .iter()
        .flat_map(|s| {
            s.keys
                .iter()
                .filter_map(|k| k.imposed.as_ref().map(|f| f.value.clone()))
        })
        .collect();
    let taken: Vec<(SecretString, Option<String>)> = if imposed.is_empty() {
        Vec::new()
    } else {
        db.query(
            "SELECT key, name FROM api_keys WHERE key = ANY($1)",
            &[(&imposed, Type::TEXT_ARRAY)],
        )?
        .iter()
        .map(|r| Ok((SecretString::new(r.cell(0, "api_keys")?), r.cell(1, "api_keys")?)))
        .collect::<Result<_>>()?
    };
    let ids: Vec<String> = clients
        .values()
        .filter(|v| v.len() == 1)
        .map(|v| v[0].0.clone())
        .collect();
    let mut settings: BTreeMap<String, Settings> = BTreeMap::new();
    let mut keys: BTreeMap<String, BTreeMap<String, SecretString>> = BTreeMap::new();
    let mut targets: BTreeMap<String, BTreeMap<String, Target>> = BTreeMap::new();
    if !ids.is_empty() {
        for r in db.query(
            "SELECT client_id::text, notification_email, slack_webhook_url, slack_channel_name, heartbeat_threshold_minutes, \
                    consecutive_failures_threshold, alert_grouping_enabled, alert_grouping_window_seconds, \
                    reminder_notification_seconds, grace_period_seconds \
             FROM client_settings WHERE client_id = ANY($1::text[]::uuid[])",
            &[(&ids, Type::TEXT_ARRAY)],
        )? {
            const T: &str = "client_settings";
            settings.insert(
                r.cell(0, T)?,
                Settings {
                    notification_email: r.cell::<Option<String>>(1, T)?.unwrap_or_default(),
                    slack_webhook_url: r.cell(2, T)?,
                    slack_channel_name: r.cell::<Option<String>>(3, T)?.unwrap_or_default(),
                    heartbeat_threshold_minutes: r.cell::<Option<i32>>(4, T)?.unwrap_or_default(),
                    consecutive_failures_threshold: r.cell::<Option<i32>>(5, T)?.unwrap_or_default(),
                    alert_grouping_enabled: r.cell::<Option<bool>>(6, T)?.unwrap_or_default(),
                    alert_grouping_window_seconds: r.cell::<Option<i32>>(7, T)?.unwrap_or_default(),
                    reminder_notification_seconds: r.cell::<Option<i32>>(8, T)?.unwrap_or_default(),
                    grace_period_seconds: r.cell::<Option<i32>>(9, T)?.unwrap_or_default(),
                    lines: BTreeMap::new(),
                },
            );
        }
        for r in db.query(
            "SELECT client_id::text, name, key FROM api_keys WHERE client_id = ANY($1::text[]::uuid[]) AND name IS NOT NULL",
            &[(&ids, Type::TEXT_ARRAY)],
        )? {
            keys.entry(r.cell(0, "api_keys")?)
                .or_default()
                .insert(r.cell(1, "api_keys")?, SecretString::new(r.cell(2, "api_keys")?));
        }
        for r in db.query(
            "SELECT client_id::text, url, name, method, timeout_seconds, check_interval_seconds, is_active \
             FROM http_targets WHERE client_id = ANY($1::text[]::uuid[])",
            &[(&ids, Type::TEXT_ARRAY)],
        )? {
            const T: &str = "http_targets";
            let url: String = r.cell(1, T)?;
            targets.entry(r.cell(0, T)?).or_default().insert(
                url.clone(),
                Target {
                    option: String::new(),
                    line: 0,
                    name: r.cell(2, T)?,
                    url,
                    method: r.cell::<Option<String>>(3, T)?.unwrap_or_default(),
                    timeout: r.cell::<Option<i32>>(4, T)?.unwrap_or_default(),
                    interval: r.cell::<Option<i32>>(5, T)?.unwrap_or_default(),
                    active: r.cell::<Option<bool>>(6, T)?.unwrap_or_default(),
                },
            );
        }
    }
    Ok(specs
        .iter()
        .map(|spec| {
            let found = clients.get(&spec.client_name.value).cloned().unwrap_or_default();
            if found.len() > 1 {
                let ids: Vec<String> = found.iter().map(|c| c.0.clone()).collect();
                return Err(field_error(
                    &spec.path,
                    spec.client_name.line,
                    "client",
                    "name",
                    format!(
                        "{} clients are already named `{}` ({}): provisioning is idempotent on the name, so it cannot choose",
                        ids.len(),
                        crate::ui::output::escape(&spec.client_name.value),
                        ids.join(", ")
                    ),
                ));
            }
            let mut st = State {
                client: found.into_iter().next(),
                admin: admins.get(&spec.admin_email.value).cloned(),
                ..State::default()
            };
            let mine: Vec<&SecretString> = spec
                .keys
                .iter()
                .filter_map(|k| k.imposed.as_ref().map(|f| &f.value))
                .collect();
            st.taken = taken
                .iter()
                .filter(|(v, _)| mine.contains(&v))
                .map(|(v, n)| (v.clone(), n.clone()))
                .collect();
            if let Some((id, _)) = &st.client {
                st.settings = settings.get(id).cloned();
                // Cloned, not taken: two INIs may name the same client.
                st.keys = keys.get(id).cloned().unwrap_or_default();
                st.targets = targets.get(id).cloned().unwrap_or_default();
            }
            Ok(st)
        })
        .collect())
}
