//! Redaction of database passwords: every spelling a password can have in a connection string (raw,
//! percent-decoded, backslash-unescaped), found before parsing so that even a malformed string never
//! leaks what the parser did not understand, and the replacement of every occurrence with `***`.

use crate::db::url::percent_decode;

pub(crate) fn redact_with(secrets: &[String], text: &str) -> String {
    let secrets: Vec<&String> = secrets
        .iter()
        .filter(|s| !s.is_empty() && !s.chars().all(|c| c == '*'))
        .collect();
    let mut out = text.to_string();
    // Every occurrence of every secret is marked first and the union replaced, so overlapping secrets
    // (a candidate longer than the password, sharing its start) never leave a tail behind. Repeated:
    // a replacement can re-form a secret with its neighbours ("ab*" in "abab*" → "ab***").
    for _ in 0..8 {
        let mut hidden = vec![false; out.len()];
        for s in &secrets {
            let mut from = 0;
            while let Some(p) = out[from..].find(s.as_str()) {
                let start = from + p;
                hidden[start..start + s.len()].iter_mut().for_each(|h| *h = true);
                from = start + out[start..].chars().next().map_or(1, char::len_utf8);
            }
        }
        if !hidden.contains(&true) {
            break;
        }
        let mut next = String::with_capacity(out.len());
        let mut in_secret = false;
        for (i, c) in out.char_indices() {
            if hidden[i] {
                if !in_secret {
                    next.push_str("***");
                }
                in_secret = true;
            } else {
                in_secret = false;
                next.push(c);
            }
        }
        if next == out {
            break;
        }
        out = next;
    }
    out
}

/// Whether `s` looks like a URL scheme (so it can be quoted in an error without quoting a secret).
pub(crate) fn is_scheme(s: &str) -> bool {
    !s.is_empty() && s.len() <= 32 && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

/// Text that may be a password in a raw URL or key=value string, whatever its shape: the userinfo's
/// password (up to the last '@'), and what follows every `password=` (to `&`, whitespace or a quote),
/// raw, percent-decoded and unescaped.
pub(crate) fn password_candidates(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(rest) = input
        .split_once("://")
        .filter(|(scheme, _)| is_scheme(scheme))
        .map(|(_, r)| r)
    {
        if let Some(at) = rest.rfind('@') {
            if let Some((_, pw)) = rest[..at].split_once(':') {
                out.push(pw.to_string());
                out.push(percent_decode(pw));
            }
        }
    }
    let mut search = input;
    while let Some(i) = search.find("password") {
        let after = search[i + "password".len()..].trim_start();
        if let Some(v) = after.strip_prefix('=') {
            let v = v.trim_start();
            let (quoted, body) = match v.strip_prefix('\'') {
                Some(b) => (true, b),
                None => (false, v),
            };
            // The value's end depends on the form: a quote (key=value quoted), whitespace (key=value), or
            // `&` (URL query). Every reading is a candidate.
            let ends: Vec<usize> = if quoted {
                let mut prev = ' ';
                vec![body
                    .char_indices()
                    .find(|&(_, c)| {
                        let stop = c == '\'' && prev != '\\';
                        prev = c;
                        stop
                    })
                    .map_or(body.len(), |(i, _)| i)]
            } else {
                vec![
                    body.find(char::is_whitespace).unwrap_or(body.len()),
                    body.find(|c: char| c == '&' || c.is_whitespace())
                        .unwrap_or(body.len()),
                ]
            };
            for end in ends {
                let raw = &body[..end];
                out.push(raw.to_string());
                out.push(percent_decode(raw));
                out.push(unescape_backslashes(raw));
            }
        }
        search = &search[i + "password".len()..];
    }
    out.retain(|s| !s.is_empty());
    out
}

/// libpq's reading of backslash escapes in a key=value value (`\\x` → `x`).
pub(crate) fn unescape_backslashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}
