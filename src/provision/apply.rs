//! The plan's inserts, inside the caller's transaction (after its advisory lock and state re-read).

use crate::db::ids::new_uuid;
use crate::db::Session;
use crate::error::{Error, Result};
use crate::provision::{generate_key, Action, Generated, Plan, Spec, State};
use crate::secrets::secret::SecretString;
use postgres::types::Type;
use postgres::GenericClient;

/// The admin's password and its hash, prepared before the transaction (bcrypt is slow on purpose).
pub struct AdminSecret {
    pub password: SecretString,
    pub generated: bool,
    pub hash: String,
}

/// Runs the plan's inserts inside `tx`. Returns the client id and what was generated.
pub fn apply<C: GenericClient>(
    tx: &mut Session<C>,
    spec: &Spec,
    plan: &Plan,
    st: &State,
    admin: Option<AdminSecret>,
) -> Result<(String, Generated)> {
    let mut generated = Generated::default();
    let client_id = match &st.client {
        Some((id, _)) => id.clone(),
        None => {
            let id = new_uuid();
            tx.execute(
                "INSERT INTO clients (id, name, email) VALUES ($1::uuid, $2, $3)",
                &[
                    (&id, Type::TEXT),
                    (&spec.client_name.value, Type::TEXT),
                    (&spec.client_email.value, Type::TEXT),
                ],
            )?;
            id
        }
    };
    if plan.admin == Action::Create {
        let a = admin.ok_or_else(|| Error::usage("internal: admin password was not prepared"))?;
        tx.execute(
            "INSERT INTO users (id, client_id, email, password_hash, role, is_active) \
             VALUES ($1::uuid, $2::uuid, $3, $4, $5, true)",
            &[
                (&new_uuid(), Type::TEXT),
                (&client_id, Type::TEXT),
                (&spec.admin_email.value, Type::TEXT),
                (&SecretString::new(a.hash.clone()), Type::TEXT),
                (&spec.admin_role.value, Type::TEXT),
            ],
        )?;
        if a.generated {
            generated.admin_password = Some(a.password);
        }
    }
    if plan.settings == Action::Create {
        let s = &spec.settings;
        tx.execute(
            "INSERT INTO client_settings (id, client_id, notification_email, slack_webhook_url, slack_channel_name, \
                 heartbeat_threshold_minutes, consecutive_failures_threshold, alert_grouping_enabled, \
                 alert_grouping_window_seconds, reminder_notification_seconds, grace_period_seconds) \
             VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            &[
                (&new_uuid(), Type::TEXT),
                (&client_id, Type::TEXT),
                (&s.notification_email, Type::TEXT),
                (&s.slack_webhook_url, Type::TEXT),
                (&s.slack_channel_name, Type::TEXT),
                (&s.heartbeat_threshold_minutes, Type::INT4),
                (&s.consecutive_failures_threshold, Type::INT4),
                (&s.alert_grouping_enabled, Type::BOOL),
                (&s.alert_grouping_window_seconds, Type::INT4),
                (&s.reminder_notification_seconds, Type::INT4),
                (&s.grace_period_seconds, Type::INT4),
            ],
        )?;
    }
    for (k, (name, action)) in spec.keys.iter().zip(&plan.keys) {
        if *action != Action::Create {
            continue;
        }
        // A generated value that happens to exist already is drawn again; an imposed one was checked
        // by the plan under the same lock.
        for attempt in 0.. {
            let (value, is_generated) = match &k.imposed {
                Some(f) => (f.value.clone(), false),
                None => (generate_key(spec.key_length.value), true),
            };
            let inserted = tx.execute(
                "INSERT INTO api_keys (id, client_id, key, name, is_active) VALUES ($1::uuid, $2::uuid, $3, $4, true) \
                 ON CONFLICT (key) DO NOTHING",
                &[(&new_uuid(), Type::TEXT), (&client_id, Type::TEXT), (&value, Type::TEXT), (name, Type::TEXT)],
            )?;
            if inserted == 1 {
                if is_generated {
                    generated.keys.push((name.clone(), value));
                }
                break;
            }
            if !is_generated || attempt >= 5 {
                return Err(Error::usage(format!(
                    "{}: key {name}: its value is already used by another key",
                    spec.path.display()
                )));
            }
        }
    }
    for (t, (_, action)) in spec.targets.iter().zip(&plan.targets) {
        if *action != Action::Create {
            continue;
        }
        tx.execute(
            "INSERT INTO http_targets (id, client_id, name, url, method, timeout_seconds, check_interval_seconds, is_active) \
             VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8)",
            &[
                (&new_uuid(), Type::TEXT),
                (&client_id, Type::TEXT),
                (&t.name, Type::TEXT),
                (&t.url, Type::TEXT),
                (&t.method, Type::TEXT),
                (&t.timeout, Type::INT4),
                (&t.interval, Type::INT4),
                (&t.active, Type::BOOL),
            ],
        )?;
    }
    Ok((client_id, generated))
}
