//! Names provision does not know. The platform script reads the options it knows and ignores the
//! rest, so a typo (`[api-keys]`, `lenght = 40`, `emial =`) silently provisions less than the INI
//! says: provctl refuses it (exit 2, file:line, the name, and "did you mean" when a known name is
//! close), before any other check, so `emial =` is reported as itself and not as a missing `email`.
//!
//! What is not unknown, following what configparser and the script make of a file:
//! - an option that a `%(name)s` of the same section (or of `[DEFAULT]`, read in that section) refers
//!   to: a variable for interpolation, which configparser resolves and the script then uses;
//! - `[DEFAULT]`'s options: configparser copies them into every section, where the script reads only
//!   the names it knows, so a DEFAULT option is either a known option of some section, a variable for
//!   `%(name)s`, or a note (`owner = ops-team`) the script never read. All are accepted, except a
//!   DEFAULT option that no section knows, no `%(name)s` uses, and whose name is close to a known
//!   option: that is a typo of it (`[DEFAULT] lenght = 40` leaves every key at the default length).

use super::{key_index, Validator};
use crate::error::{Error, Result};
use crate::provision::field_error;
use crate::provision::ini::Section;
use std::collections::HashSet;

/// The sections provision reads and their options (`target_*` and `key_NN` are patterns, below).
pub(super) const KNOWN: &[(&str, &[&str])] = &[
    ("client", &["name", "email"]),
    ("admin", &["email", "role", "password"]),
    ("api_keys", &["count", "prefix", "length", "alphabet"]),
    (
        "client_settings",
        &[
            "notification_email",
            "slack_webhook_url",
            "slack_channel_name",
            "heartbeat_threshold_minutes",
            "consecutive_failures_threshold",
            "alert_grouping_enabled",
            "alert_grouping_window_seconds",
            "reminder_notification_seconds",
            "grace_period_seconds",
        ],
    ),
    ("http_targets", &[]),
];

/// Whether `section` reads `option` (by name or by its pattern).
fn reads(section: &str, option: &str) -> bool {
    KNOWN
        .iter()
        .any(|(s, known)| *s == section && known.contains(&option))
        || (section == "http_targets" && option.starts_with("target_"))
        || (section == "api_keys" && key_index(option).is_some())
}

/// The known name closest to `typed`, when it is close enough to be a typo of it: Damerau-Levenshtein
/// (a swap of two letters is one edit) at most 1 for names up to 4 characters, 2 up to 8, 3 beyond.
pub(super) fn closest<'k>(typed: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let typed = typed.to_lowercase();
    let limit = match typed.chars().count() {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(&typed, &k.to_lowercase()), k))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// The names `%(name)s` refers to in the values `s` holds (its own and DEFAULT's, as read there).
fn references(s: &Section) -> HashSet<String> {
    s.items().flat_map(|i| i.references()).collect()
}

impl Validator<'_> {
    /// The first unknown name as the error (exit 2); the others, if any, in its hint.
    pub(super) fn check_names(&self) -> Result<()> {
        let mut unknown = self.unknown_names().into_iter();
        let Some(first) = unknown.next() else {
            return Ok(());
        };
        let rest: Vec<String> = unknown
            .map(|(line, what, _)| format!("line {line} {what}"))
            .collect();
        let err = Error::usage(first.2);
        Err(match rest.is_empty() {
            true => err,
            false => err.with_hint(format!("also unknown: {}", rest.join(", "))),
        })
    }

    /// Every unknown name, in file order: (line, short name for the hint, full message).
    fn unknown_names(&self) -> Vec<(usize, String, String)> {
        let mut out = Vec::new();
        let mut default_refs = HashSet::new();
        let mut default_items = Vec::new();
        for s in self.ini.sections() {
            let refs = references(s);
            for item in s.items().filter(|i| i.inherited) {
                if !default_items.iter().any(|(n, _)| *n == item.name) {
                    default_items.push((item.name.clone(), item.line));
                }
            }
            if !KNOWN.iter().any(|(n, _)| *n == s.name()) {
                let what = format!("[{}]", s.name());
                out.push((s.line(), what, self.unknown_section(s)));
                default_refs.extend(refs);
                continue;
            }
            for item in s.items().filter(|i| !i.inherited) {
                if !reads(s.name(), &item.name) && !refs.contains(&item.name) {
                    let what = format!("[{}] {}", s.name(), item.name);
                    let msg = field_error(
                        self.path,
                        item.line,
                        s.name(),
                        &item.name,
                        format!("unknown option{}", option_hint(s.name(), &item.name)),
                    )
                    .message;
                    out.push((item.line, what, msg));
                }
            }
            default_refs.extend(refs);
        }
        for (name, line) in default_items {
            if KNOWN.iter().any(|(s, _)| reads(s, &name)) || default_refs.contains(&name) {
                continue;
            }
            let all = KNOWN
                .iter()
                .flat_map(|(s, known)| known.iter().map(move |k| (*s, *k)));
            let Some(known) = closest(&name, all.clone().map(|(_, k)| k)) else {
                continue;
            };
            let section = all
                .filter(|(_, k)| *k == known)
                .map(|(s, _)| s)
                .collect::<Vec<_>>();
            let msg = field_error(
                self.path,
                line,
                "DEFAULT",
                &name,
                format!(
                    "unknown option, inherited by every section and read by none (did you mean `{known}` \
                     of [{}]?)",
                    section.join("], [")
                ),
            )
            .message;
            out.push((line, format!("[DEFAULT] {name}"), msg));
        }
        out.sort_by_key(|(line, _, _)| *line);
        out
    }

    fn unknown_section(&self, s: &Section) -> String {
        let names = KNOWN.iter().map(|(n, _)| *n);
        let hint = match closest(s.name(), names.clone()) {
            Some(n) if n.eq_ignore_ascii_case(s.name()) => {
                format!(" (section names are case-sensitive: did you mean [{n}]?)")
            }
            Some(n) => format!(" (did you mean [{n}]?)"),
            None => format!(" (provision reads [{}])", names.collect::<Vec<_>>().join("], [")),
        };
        format!(
            "{}:{}: unknown section [{}]{hint}",
            self.path.display(),
            s.line(),
            s.name()
        )
    }
}

/// What to say after "unknown option" in `section`.
fn option_hint(section: &str, option: &str) -> String {
    let own = KNOWN
        .iter()
        .find(|(s, _)| *s == section)
        .map_or(&[][..], |(_, k)| *k);
    if let Some(k) = closest(option, own.iter().copied()) {
        return format!(" (did you mean `{k}`?)");
    }
    match section {
        "http_targets" => return " (the targets of [http_targets] are named `target_…`)".into(),
        "api_keys" if option.starts_with("key") => {
            return " (imposed key values are named `key_01` … `key_NN`)".into()
        }
        _ => {}
    }
    if let Some((other, _)) = KNOWN.iter().find(|(s, k)| *s != section && k.contains(&option)) {
        return format!(" (`{option}` is an option of [{other}])");
    }
    let mut names: Vec<&str> = own.to_vec();
    if section == "api_keys" {
        names.push("key_NN");
    }
    format!(" ([{section}] reads {})", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::closest;
    use crate::provision::ini::Ini;
    use crate::provision::validate::Validator;
    use std::path::Path;

    const SAMPLE: &str = include_str!("../../../provisioning/demo.ini");

    /// The error (message, hint) validation gives `text`, or `None` when it passes.
    fn check(text: &str) -> Option<(String, Option<String>)> {
        let ini = Ini::parse(text).unwrap();
        let v = Validator {
            path: Path::new("c.ini"),
            ini: &ini,
            warnings: Vec::new(),
        };
        v.spec().err().map(|e| (e.message, e.hint))
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text.lines().position(|l| l.contains(needle)).unwrap() + 1
    }

    #[test]
    fn the_sample_passes() {
        assert_eq!(check(SAMPLE), None);
    }

    #[test]
    fn closest_allows_few_edits_for_short_names() {
        assert_eq!(closest("lenght", ["length", "count"]), Some("length"));
        assert_eq!(closest("emial", ["email"]), Some("email"));
        assert_eq!(closest("nome", ["name", "role"]), Some("name"));
        assert_eq!(closest("note", ["name", "role"]), None);
        assert_eq!(closest("owner", ["role", "email"]), None);
    }

    #[test]
    fn a_typo_in_a_section_name_is_an_error_naming_the_line_and_the_close_name() {
        let text = SAMPLE.replace("[api_keys]", "[api-keys]");
        let (msg, _) = check(&text).unwrap();
        let line = line_of(&text, "[api-keys]");
        assert_eq!(
            msg,
            format!("c.ini:{line}: unknown section [api-keys] (did you mean [api_keys]?)")
        );
        let text = SAMPLE.replace("[client]", "[Client]");
        let (msg, _) = check(&text).unwrap();
        let line = line_of(&text, "[Client]");
        assert_eq!(
            msg,
            format!("c.ini:{line}: unknown section [Client] (section names are case-sensitive: did you mean [client]?)")
        );
        let text = format!("{SAMPLE}\n[notes]\nx = y\n");
        let (msg, _) = check(&text).unwrap();
        assert!(msg.ends_with(
            "unknown section [notes] (provision reads [client], [admin], [api_keys], [client_settings], [http_targets])"
        ), "{msg}");
    }

    #[test]
    fn a_typo_in_an_option_is_reported_as_itself_before_what_it_misses() {
        let text = SAMPLE.replacen("length = 32", "lenght = 40", 1);
        let line = line_of(&text, "lenght");
        let (msg, hint) = check(&text).unwrap();
        assert_eq!(
            msg,
            format!("c.ini:{line}: [api_keys] lenght: unknown option (did you mean `length`?)")
        );
        assert_eq!(hint, None);
        // Not "email is required".
        let text = SAMPLE.replacen("[admin]\nemail", "[admin]\nemial", 1);
        let line = line_of(&text, "emial");
        let (msg, _) = check(&text).unwrap();
        assert_eq!(
            msg,
            format!("c.ini:{line}: [admin] emial: unknown option (did you mean `email`?)")
        );
    }

    #[test]
    fn other_unknown_names_are_in_the_hint_and_each_section_says_what_it_reads() {
        let text = SAMPLE
            .replacen("target_01", "targt_01", 1)
            .replacen("role =", "rol =", 1)
            .replacen("[client]\nname = Demo", "[client]\nname = Demo\nrole = x", 1);
        let (msg, hint) = check(&text).unwrap();
        assert!(
            msg.ends_with("[client] role: unknown option (`role` is an option of [admin])"),
            "{msg}"
        );
        let hint = hint.unwrap();
        assert!(hint.starts_with("also unknown: line "), "{hint}");
        assert!(hint.contains("[admin] rol, line "), "{hint}");
        assert!(hint.ends_with("[http_targets] targt_01"), "{hint}");
        let text = SAMPLE.replacen("target_01", "targt_01", 1);
        let (msg, _) = check(&text).unwrap();
        assert!(
            msg.ends_with("(the targets of [http_targets] are named `target_…`)"),
            "{msg}"
        );
        let text = SAMPLE.replacen("count = 4", "count = 4\ncolour = red", 1);
        let (msg, _) = check(&text).unwrap();
        assert!(
            msg.ends_with("[api_keys] reads count, prefix, length, alphabet, key_NN)"),
            "{msg}"
        );
    }

    #[test]
    fn interpolation_variables_are_not_unknown() {
        let text = SAMPLE.replacen(
            "[admin]\nemail = demo@example.com",
            "[admin]\nuser = demo\nemail = %(user)s@example.com",
            1,
        );
        assert_eq!(check(&text), None);
        let text = format!("[DEFAULT]\nmail = demo@example.com\n\n{SAMPLE}").replacen(
            "[client]\nname = Demo\nemail = demo@example.com",
            "[client]\nname = Demo\nemail = %(mail)s",
            1,
        );
        assert_eq!(check(&text), None);
    }

    #[test]
    fn default_options_are_inherited_and_only_a_close_miss_nobody_uses_is_an_error() {
        // Notes and known options in DEFAULT: what configparser and the script accept.
        let text = format!("[DEFAULT]\nowner = ops-team\nticket = OPS-1\nprefix = demo-key-\n\n{SAMPLE}");
        assert_eq!(check(&text), None);
        let text = format!("[DEFAULT]\nlenght = 40\n\n{SAMPLE}");
        let (msg, _) = check(&text).unwrap();
        assert_eq!(
            msg,
            "c.ini:2: [DEFAULT] lenght: unknown option, inherited by every section and read by none \
             (did you mean `length` of [api_keys]?)"
        );
        let text = format!("[DEFAULT]\nemial = a@example.com\n\n{SAMPLE}");
        let (msg, _) = check(&text).unwrap();
        assert!(
            msg.ends_with("(did you mean `email` of [client], [admin]?)"),
            "{msg}"
        );
    }
}
