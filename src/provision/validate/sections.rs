//! The validator's per-section readers: `[api_keys]` (listed keys, generated counts, their lengths),
//! `[settings]` and `[http_targets]`.

use super::{key_index, Validator};
use crate::error::Result;
use crate::provision::ini::Section;
use crate::provision::{check_email, Field, KeySpec, Settings, Target, MIN_KEY_LENGTH};
use crate::secrets::secret::SecretString;
use std::collections::BTreeMap;

impl Validator<'_> {
    pub(super) fn keys(&self) -> Result<Vec<KeySpec>> {
        let s = self.section("api_keys");
        let (count, _) = self.int("api_keys", self.opt(s, "count")?, "count", 0, 0)?;
        if count > 999 {
            return Err(self.err(
                self.opt(s, "count")?.map_or(0, |e| e.line),
                "api_keys",
                "count",
                "more than 999 keys",
            ));
        }
        let prefix_line = self
            .opt(s, "prefix")?
            .map_or_else(|| s.map_or(0, Section::line), |e| e.line);
        let prefix = match self.opt(s, "prefix")? {
            None => "key-".to_string(),
            Some(e) if e.value.trim().is_empty() => {
                return Err(self.err(e.line, "api_keys", "prefix", "is empty"))
            }
            Some(e) => e.value.trim().to_string(),
        };
        // Key names (prefix + NN) are written as `API_KEY_NAME__<name>=<name>` lines: a newline (an INI
        // continuation line), a space, `=`, quotes or `$` would forge lines or run when sourced.
        if !crate::secrets::file::is_key_name(&prefix) {
            return Err(self.err(
                prefix_line,
                "api_keys",
                "prefix",
                format!(
                    "`{}` may hold only ASCII letters, digits, `-`, `_` and `.` (no whitespace, control character \
                     or continuation line): key names go into env-style secrets files",
                    crate::ui::output::escape(&prefix)
                ),
            ));
        }
        if let Some(e) = self.opt(s, "alphabet")? {
            if !matches!(e.value.trim(), "" | "alnum") {
                return Err(self.err(
                    e.line,
                    "api_keys",
                    "alphabet",
                    format!(
                        "`{}` is not supported (only alnum)",
                        crate::ui::output::escape(e.value.trim())
                    ),
                ));
            }
        }
        let mut imposed: BTreeMap<u32, Field<SecretString>> = BTreeMap::new();
        if let Some(s) = s {
            for item in s.items() {
                let Some(n) = key_index(&item.name) else { continue };
                // The script ignores key_NN beyond count; provctl refuses it (a key the operator
                // expects would silently not exist), before reading its value.
                if n == 0 || i64::from(n) > count {
                    return Err(self.err(
                        item.line,
                        "api_keys",
                        &item.name,
                        format!("index {n} is outside 1..={count} (count)"),
                    ));
                }
                let e = self.read(s, item)?;
                let v = e.value.trim();
                if v.chars().count() < MIN_KEY_LENGTH {
                    return Err(self.err(
                        e.line,
                        "api_keys",
                        e.name,
                        format!("an API key needs at least {MIN_KEY_LENGTH} characters"),
                    ));
                }
                if v.chars().any(|c| c.is_whitespace() || c.is_control()) {
                    return Err(self.err(
                        e.line,
                        "api_keys",
                        e.name,
                        "an API key cannot contain spaces or control characters",
                    ));
                }
                if imposed
                    .insert(
                        n,
                        Field {
                            value: SecretString::new(v.to_string()),
                            line: e.line,
                            name: "key",
                        },
                    )
                    .is_some()
                {
                    return Err(self.err(e.line, "api_keys", e.name, "key index given twice"));
                }
            }
        }
        // The same imposed value twice would collide on the unique key column: refuse it here, with
        // its line, rather than after the plan was confirmed.
        for (i, a) in imposed.iter() {
            if let Some((j, b)) = imposed.range(..i).find(|(_, b)| b.value == a.value) {
                return Err(self.err(
                    a.line,
                    "api_keys",
                    &format!("key_{i:02}"),
                    format!(
                        "same value as key_{j:02} (line {}): key values are unique",
                        b.line
                    ),
                ));
            }
        }
        Ok((1..=count as u32)
            .map(|i| KeySpec {
                name: Field {
                    value: format!("{prefix}{i:02}"),
                    line: prefix_line,
                    name: "prefix",
                },
                imposed: imposed.remove(&i),
            })
            .collect())
    }

    pub(super) fn key_length(&self) -> Result<Field<usize>> {
        let s = self.section("api_keys");
        let (n, line) = self.int(
            "api_keys",
            self.opt(s, "length")?,
            "length",
            32,
            MIN_KEY_LENGTH as i64,
        )?;
        Ok(Field {
            value: n as usize,
            line: if line > 0 {
                line
            } else {
                s.map_or(0, Section::line)
            },
            name: "length",
        })
    }

    pub(super) fn settings(&self, admin_email: &str) -> Result<Settings> {
        let sec = "client_settings";
        let s = self.section(sec);
        let mut lines = BTreeMap::new();
        let notification_email = match self.opt(s, "notification_email")? {
            Some(e) if !e.value.trim().is_empty() => {
                let f = Field {
                    value: e.value.trim().to_string(),
                    line: e.line,
                    name: "notification_email",
                };
                check_email(&f.value).map_err(|m| self.err(f.line, sec, f.name, m))?;
                lines.insert("notification_email", e.line);
                f.value
            }
            _ => admin_email.to_string(),
        };
        let slack_webhook_url = match self.opt(s, "slack_webhook_url")? {
            Some(e) if !e.value.trim().is_empty() => {
                lines.insert("slack_webhook_url", e.line);
                Some(e.value.trim().to_string())
            }
            _ => None,
        };
        let slack_channel_name = match self.opt(s, "slack_channel_name")? {
            Some(e) if !e.value.trim().is_empty() => {
                lines.insert("slack_channel_name", e.line);
                e.value.trim().to_string()
            }
            _ => "#alerts".to_string(),
        };
        let mut int = |name: &'static str, default: i64| -> Result<i32> {
            let (v, line) = self.int(sec, self.opt(s, name)?, name, default, 0)?;
            if line > 0 {
                lines.insert(name, line);
            }
            Ok(v as i32)
        };
        let heartbeat_threshold_minutes = int("heartbeat_threshold_minutes", 5)?;
        let consecutive_failures_threshold = int("consecutive_failures_threshold", 2)?;
        let alert_grouping_window_seconds = int("alert_grouping_window_seconds", 300)?;
        let reminder_notification_seconds = int("reminder_notification_seconds", 600)?;
        let grace_period_seconds = int("grace_period_seconds", 120)?;
        let alert_grouping_enabled = match self.opt(s, "alert_grouping_enabled")? {
            Some(e) => self.boolean(sec, e.line, "alert_grouping_enabled", e.value, true)?,
            None => true,
        };
        Ok(Settings {
            notification_email,
            slack_webhook_url,
            slack_channel_name,
            heartbeat_threshold_minutes,
            consecutive_failures_threshold,
            alert_grouping_enabled,
            alert_grouping_window_seconds,
            reminder_notification_seconds,
            grace_period_seconds,
            lines,
        })
    }

    pub(super) fn targets(&self) -> Result<Vec<Target>> {
        let sec = "http_targets";
        let Some(s) = self.section(sec) else {
            return Ok(Vec::new());
        };
        let mut out: Vec<Target> = Vec::new();
        for item in s.items().filter(|i| i.name.starts_with("target_")) {
            let e = self.read(s, item)?;
            let fields: Vec<&str> = e.value.split('|').map(str::trim).collect();
            if fields.len() != 6 {
                return Err(self.err(
                    e.line,
                    sec,
                    e.name,
                    format!(
                        "expected 6 fields name|url|method|timeout|interval|active, found {}",
                        fields.len()
                    ),
                ));
            }
            let [name, url, method, timeout, interval, active] =
                [fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]];
            if name.is_empty() {
                return Err(self.err(e.line, sec, e.name, "the name (field 1) is empty"));
            }
            if !(url.starts_with("http://") || url.starts_with("https://"))
                || url.chars().any(|c| c.is_whitespace() || c.is_control())
            {
                return Err(self.err(
                    e.line,
                    sec,
                    e.name,
                    format!(
                        "`{}` (field 2) is not an http(s) URL",
                        crate::ui::output::escape(url)
                    ),
                ));
            }
            let method = if method.is_empty() {
                "GET".to_string()
            } else {
                method.to_ascii_uppercase()
            };
            if !method.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(self.err(
                    e.line,
                    sec,
                    e.name,
                    format!(
                        "`{}` (field 3) is not an HTTP method",
                        crate::ui::output::escape(&method)
                    ),
                ));
            }
            let number = |v: &str, what: &str| -> Result<i32> {
                v.parse::<i32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    self.err(
                        e.line,
                        sec,
                        e.name,
                        format!(
                            "`{}` ({what}) is not a positive integer",
                            crate::ui::output::escape(v)
                        ),
                    )
                })
            };
            let timeout = number(timeout, "field 4, timeout")?;
            let interval = number(interval, "field 5, interval")?;
            let active = self.boolean(sec, e.line, e.name, active, true)?;
            if let Some(prev) = out.iter().find(|t| t.url == url) {
                return Err(self.err(
                    e.line,
                    sec,
                    e.name,
                    format!(
                        "URL already used by {} (line {}): targets are unique per URL",
                        prev.option, prev.line
                    ),
                ));
            }
            out.push(Target {
                option: e.name.to_string(),
                line: e.line,
                name: name.to_string(),
                url: url.to_string(),
                method,
                timeout,
                interval,
                active,
            });
        }
        Ok(out)
    }
}
