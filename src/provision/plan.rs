//! The plan: the spec against the state, one [`Action`] per object (`+` create, `=` unchanged, `!`
//! drift). Existing rows are never modified: a difference from the INI is drift, reported, not fixed.

use crate::error::Result;
use crate::provision::{field_error, Settings, Spec, State};
use std::collections::BTreeSet;

/// What provision will do (or did) with one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Create,
    Unchanged,
    /// Exists but differs from the INI: reported, never changed.
    Drift(Vec<String>),
}

impl Action {
    pub fn symbol(&self) -> char {
        match self {
            Action::Create => '+',
            Action::Unchanged => '=',
            Action::Drift(_) => '!',
        }
    }

    pub fn word(&self) -> &'static str {
        match self {
            Action::Create => "created",
            Action::Unchanged => "unchanged",
            Action::Drift(_) => "drift",
        }
    }
}

/// The plan for one INI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The existing client's id (`None` when the plan creates it): the JSON result says it either way.
    pub client_id: Option<String>,
    pub client: Action,
    pub admin: Action,
    pub settings: Action,
    /// Per key name, in INI order.
    pub keys: Vec<(String, Action)>,
    /// Per target URL, in INI order.
    pub targets: Vec<(String, Action)>,
}

impl Plan {
    fn actions(&self) -> impl Iterator<Item = &Action> {
        [&self.client, &self.admin, &self.settings]
            .into_iter()
            .chain(self.keys.iter().map(|(_, a)| a))
            .chain(self.targets.iter().map(|(_, a)| a))
    }

    /// (created, unchanged, drift) counts.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for a in self.actions() {
            match a {
                Action::Create => c.0 += 1,
                Action::Unchanged => c.1 += 1,
                Action::Drift(_) => c.2 += 1,
            }
        }
        c
    }

    pub fn creates_anything(&self) -> bool {
        self.counts().0 > 0
    }

    /// Whether every creation of `self` was also in `confirmed` (a concurrent run may have created
    /// some in between: fewer is fine; more would be applying something the operator never saw).
    pub fn within(&self, confirmed: &Plan) -> bool {
        let created = |p: &Plan| -> BTreeSet<String> {
            let mut s = BTreeSet::new();
            for (k, a) in [
                ("client", &p.client),
                ("admin", &p.admin),
                ("settings", &p.settings),
            ] {
                if *a == Action::Create {
                    s.insert(k.to_string());
                }
            }
            s.extend(
                p.keys
                    .iter()
                    .filter(|(_, a)| *a == Action::Create)
                    .map(|(n, _)| format!("key:{n}")),
            );
            s.extend(
                p.targets
                    .iter()
                    .filter(|(_, a)| *a == Action::Create)
                    .map(|(u, _)| format!("target:{u}")),
            );
            s
        };
        created(self).is_subset(&created(confirmed))
    }

    /// Whether an admin password is generated (admin created without a password in the INI).
    pub fn generates_password(&self, spec: &Spec) -> bool {
        self.admin == Action::Create && spec.admin_password.is_none()
    }
}

/// Compares the INI with the state. Conflicts that provisioning cannot resolve are exit 2.
pub fn plan(spec: &Spec, st: &State) -> Result<Plan> {
    let client = match &st.client {
        None => Action::Create,
        Some((_, db_email)) => match &spec.client_email.value {
            Some(e) if Some(e) != db_email.as_ref() => Action::Drift(vec![format!(
                "email is {} in the database, {e} in the INI",
                db_email.as_deref().unwrap_or("empty")
            )]),
            _ => Action::Unchanged,
        },
    };
    let admin = match (&st.admin, &st.client) {
        (None, _) => Action::Create,
        (Some((_, owner, _, role)), Some((client_id, _))) if owner == client_id => {
            if *role == spec.admin_role.value {
                Action::Unchanged
            } else {
                Action::Drift(vec![format!("role is {role} in the database, {} in the INI", spec.admin_role.value)])
            }
        }
        (Some((_, owner, owner_name, _)), _) => {
            return Err(field_error(
                &spec.path,
                spec.admin_email.line,
                "admin",
                "email",
                format!(
                    "`{}` already belongs to another client ({} {owner}): an email identifies one user platform-wide",
                    spec.admin_email.value,
                    owner_name.as_deref().map(crate::ui::output::escape).unwrap_or_default()
                ),
            ))
        }
    };
    let settings = match &st.settings {
        None => Action::Create,
        Some(db) => {
            let diffs = settings_diff(db, &spec.settings);
            if diffs.is_empty() {
                Action::Unchanged
            } else {
                Action::Drift(diffs)
            }
        }
    };
    let mut keys = Vec::new();
    for k in &spec.keys {
        let action = match (st.keys.get(&k.name.value), &k.imposed) {
            (Some(db), Some(imposed)) if db != &imposed.value => {
                Action::Drift(vec!["its value differs from the one imposed in the INI".into()])
            }
            (Some(_), _) => Action::Unchanged,
            (None, imposed) => {
                if let Some(v) = imposed {
                    if let Some((_, other)) = st.taken.iter().find(|(t, _)| *t == v.value) {
                        return Err(field_error(
                            &spec.path,
                            v.line,
                            "api_keys",
                            &format!("key_{}", &k.name.value[k.name.value.len() - 2..]),
                            format!(
                                "this value is already used by key {} (key values are unique platform-wide)",
                                other.as_deref().unwrap_or("(unnamed)")
                            ),
                        ));
                    }
                }
                Action::Create
            }
        };
        keys.push((k.name.value.clone(), action));
    }
    let targets = spec
        .targets
        .iter()
        .map(|t| {
            let action = match st.targets.get(&t.url) {
                None => Action::Create,
                Some(db) => {
                    let mut d = Vec::new();
                    differs(&mut d, "name", &db.name, &t.name);
                    differs(&mut d, "method", &db.method, &t.method);
                    differs(&mut d, "timeout", db.timeout, t.timeout);
                    differs(&mut d, "interval", db.interval, t.interval);
                    differs(&mut d, "active", db.active, t.active);
                    if d.is_empty() {
                        Action::Unchanged
                    } else {
                        Action::Drift(d)
                    }
                }
            };
            (t.url.clone(), action)
        })
        .collect();
    Ok(Plan {
        client_id: st.client.as_ref().map(|(id, _)| id.clone()),
        client,
        admin,
        settings,
        keys,
        targets,
    })
}

/// Records a drift line when the database and the INI disagree on one field.
fn differs(d: &mut Vec<String>, name: &str, db: impl std::fmt::Display, ini: impl std::fmt::Display) {
    let (db, ini) = (db.to_string(), ini.to_string());
    if db != ini {
        d.push(format!("{name} is {db} in the database, {ini} in the INI"));
    }
}

fn settings_diff(db: &Settings, ini: &Settings) -> Vec<String> {
    let mut d = Vec::new();
    let mut cmp = |name: &str, a: String, b: String| differs(&mut d, name, a, b);
    cmp(
        "notification_email",
        db.notification_email.clone(),
        ini.notification_email.clone(),
    );
    cmp(
        "slack_webhook_url",
        db.slack_webhook_url.clone().unwrap_or_else(|| "empty".into()),
        ini.slack_webhook_url.clone().unwrap_or_else(|| "empty".into()),
    );
    cmp(
        "slack_channel_name",
        db.slack_channel_name.clone(),
        ini.slack_channel_name.clone(),
    );
    for (name, a, b) in [
        (
            "heartbeat_threshold_minutes",
            db.heartbeat_threshold_minutes,
            ini.heartbeat_threshold_minutes,
        ),
        (
            "consecutive_failures_threshold",
            db.consecutive_failures_threshold,
            ini.consecutive_failures_threshold,
        ),
        (
            "alert_grouping_window_seconds",
            db.alert_grouping_window_seconds,
            ini.alert_grouping_window_seconds,
        ),
        (
            "reminder_notification_seconds",
            db.reminder_notification_seconds,
            ini.reminder_notification_seconds,
        ),
        (
            "grace_period_seconds",
            db.grace_period_seconds,
            ini.grace_period_seconds,
        ),
    ] {
        cmp(name, a.to_string(), b.to_string());
    }
    cmp(
        "alert_grouping_enabled",
        db.alert_grouping_enabled.to_string(),
        ini.alert_grouping_enabled.to_string(),
    );
    d
}
