//! The first line of every file provctl writes a secret to (`--out` of `keys export`, `deliverable`,
//! `reset-password`, `keys create|rotate`), so that `secrets list`, `doctor` and `secrets shred` find
//! them whatever their name and format — and how many secrets each holds:
//!
//! ```text
//! # provctl-secrets format=lines: API keys (keys export); deliver, then `provctl secrets shred FILE`
//! <!-- provctl-secrets format=deliverable secrets=ADMIN_PASSWORD,acme-key-01: … -->
//! ```
//!
//! A `#` line is a comment for the env and `name = value` readers (sh, dotenv, docker compose, ours);
//! the markdown document gets an HTML comment, which renders as nothing. JSON cannot hold a comment,
//! and a header would break every consumer: provctl's JSON export is recognised by its own first two
//! lines instead (`[`, then `  {"name":…,"key":…}`). Files written before this header (generated
//! secrets files, env lines) are still recognised by their name or their `ADMIN_PASSWORD=` /
//! `API_KEY_VALUE__…=` lines.

use zeroize::Zeroizing;

/// The word that marks provctl's secrets files.
pub const MARKER: &str = "provctl-secrets";

/// How the secrets are laid out in a file, which says how to count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `KEY=VALUE` lines (`ADMIN_PASSWORD=`, `API_KEY_VALUE__<name>=`).
    Env,
    /// `name = key` lines (`keys export --format lines`).
    Lines,
    /// provctl's JSON export: one `{"name":…,"key":…}` per line.
    Json,
    /// The delivery document (markdown): its header names the secrets it holds.
    Deliverable,
}

impl Layout {
    fn word(self) -> &'static str {
        match self {
            Layout::Env => "env",
            Layout::Lines => "lines",
            Layout::Json => "json",
            Layout::Deliverable => "deliverable",
        }
    }
}

/// The header line (with its newline) for a file of `layout` holding `what`; `None` for JSON.
/// `secrets` (names, not values) is written into the deliverable's header, whose body has no fixed
/// shape to count from.
pub fn header(layout: Layout, what: &str, secrets: &[&str]) -> Option<String> {
    let why = format!("{what}; deliver, then destroy with `provctl secrets shred FILE`");
    match layout {
        Layout::Json => None,
        Layout::Deliverable => Some(format!(
            "<!-- {MARKER} format=deliverable secrets={}: {why} -->\n",
            secrets.join(",")
        )),
        other => Some(format!("# {MARKER} format={}: {why}\n", other.word())),
    }
}

/// What the first line of a file says about it: `Some` for provctl's header or the start of its JSON
/// export (`second` is the line after it, needed for JSON).
fn layout_of(first: &str, second: &str) -> Option<(Layout, Vec<String>)> {
    if first == "[" && second.starts_with("  {\"name\":") {
        return Some((Layout::Json, Vec::new()));
    }
    let rest = first
        .strip_prefix("# ")
        .or_else(|| first.strip_prefix("<!-- "))?
        .strip_prefix(MARKER)?
        .strip_prefix(" format=")?;
    let (word, rest) = rest.split_once([' ', ':']).unwrap_or((rest, ""));
    let layout = [Layout::Env, Layout::Lines, Layout::Json, Layout::Deliverable]
        .into_iter()
        .find(|l| l.word() == word)?;
    let names = rest
        .strip_prefix("secrets=")
        .and_then(|r| r.split(':').next())
        .map(|list| {
            list.split(',')
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Some((layout, names))
}

/// How a file holds its secrets, from its first lines: `None` when it has neither provctl's header nor
/// its JSON shape (the caller falls back to the `KEY=VALUE` lines).
pub(super) fn sniff(r: &mut dyn std::io::Read) -> std::io::Result<Option<(Layout, Vec<String>)>> {
    use std::io::Read;
    // A header is short; 4 KiB hold it and the JSON export's first object.
    let mut buf = Zeroizing::new(Vec::with_capacity(4096));
    r.take(4096).read_to_end(&mut buf)?;
    let mut lines = buf.split(|&b| b == b'\n');
    // Borrowed from the zeroed buffer, never copied: a file without a header may start with a secret
    // (`ADMIN_PASSWORD=…`). A first line that is not UTF-8 is no header.
    let first = std::str::from_utf8(lines.next().unwrap_or_default()).unwrap_or("");
    let second = lines.next().unwrap_or_default();
    // Only the start of the second line matters (the rest holds a key value).
    let second = std::str::from_utf8(&second[..second.len().min(10)]).unwrap_or("");
    Ok(layout_of(first.trim_end_matches('\r'), second))
}

/// The names of the secrets in a file of `layout` (after [`sniff`] said so), reading line by line
/// with values left in the zeroed read buffer: `name` of each `name = key` line, of each JSON object;
/// the header's list for the deliverable; `None` for [`Layout::Env`] (the caller reads its keys).
pub(super) fn names(
    layout: Layout,
    listed: Vec<String>,
    r: &mut dyn std::io::Read,
) -> std::io::Result<Option<Vec<String>>> {
    let from_line: fn(&[u8]) -> Option<String> = match layout {
        Layout::Env => return Ok(None),
        Layout::Deliverable => return Ok(Some(listed)),
        Layout::Lines => |line| {
            if line.starts_with(b"#") {
                return None;
            }
            let at = line.windows(3).position(|w| w == b" = ")?;
            std::str::from_utf8(&line[..at]).ok().map(str::to_string)
        },
        Layout::Json => |line| {
            let rest = line.trim_ascii_start().strip_prefix(b"{\"name\":")?;
            // Only the name, a JSON string, is decoded: the key after it stays in the buffer.
            let mut strings = serde_json::Deserializer::from_slice(rest).into_iter::<String>();
            strings.next()?.ok()
        },
    };
    let mut names = Vec::new();
    each_line(r, |line| {
        if let Some(n) = from_line(line) {
            names.push(n);
        }
    })?;
    Ok(Some(names))
}

/// Calls `f` with each line (without its `\n`; a line longer than 64 KiB is cut), in zeroed buffers.
fn each_line(r: &mut dyn std::io::Read, mut f: impl FnMut(&[u8])) -> std::io::Result<()> {
    const LINE_MAX: usize = 64 * 1024;
    let mut buf = Zeroizing::new(vec![0u8; 64 * 1024]);
    // Fixed capacity: never reallocated, so no copy of a value is left behind.
    let mut line: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::with_capacity(LINE_MAX));
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        for &b in &buf[..n] {
            if b == b'\n' {
                f(&line);
                line.clear();
            } else if line.len() < LINE_MAX {
                line.push(b);
            }
        }
    }
    if !line.is_empty() {
        f(&line);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_of(text: &str) -> Option<Vec<String>> {
        let (layout, listed) = sniff(&mut text.as_bytes()).unwrap()?;
        names(layout, listed, &mut text.as_bytes()).unwrap()
    }

    #[test]
    fn each_layout_is_recognised_and_counted() {
        let lines = format!(
            "{}acme-key-01 = AAAA\nacme-key-02 = BBBB\n",
            header(Layout::Lines, "API keys", &[]).unwrap()
        );
        assert_eq!(names_of(&lines).unwrap(), ["acme-key-01", "acme-key-02"]);
        let json = "[\n  {\"name\":\"k-01\",\"key\":\"AAA\",\"is_active\":true},\n  {\"name\":\"k\\\"2\",\"key\":\"B\"}\n]\n";
        assert_eq!(names_of(json).unwrap(), ["k-01", "k\"2"]);
        let doc = format!(
            "{}## Livrable\n* `k-01` = `AAA`\n",
            header(
                Layout::Deliverable,
                "delivery document",
                &["ADMIN_PASSWORD", "k-01"]
            )
            .unwrap()
        );
        assert_eq!(names_of(&doc).unwrap(), ["ADMIN_PASSWORD", "k-01"]);
        let env = header(Layout::Env, "admin password", &[]).unwrap();
        assert_eq!(sniff(&mut env.as_bytes()).unwrap(), Some((Layout::Env, vec![])));
        assert_eq!(names_of(&env), None);
    }

    #[test]
    fn other_files_are_not_recognised() {
        for text in [
            "[\n  1,\n]",
            "# provctl secrets\n",
            "# provctl-secrets format=yaml: x\n",
            "{\"name\":1}",
        ] {
            assert_eq!(sniff(&mut text.as_bytes()).unwrap(), None, "{text}");
        }
    }
}
