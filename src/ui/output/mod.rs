//! The one output layer: tables, JSON and CSV, escaping, and the stdout/stderr discipline.
//!
//! Every command prints through [`Out`], so the format switch (`-o table|json|csv`), colour decisions and
//! the escaping of hostile text (hostnames, names, emails and API answers can carry terminal control
//! sequences) live in one place. Every format streams row by row: tables size their columns on a first
//! page of rows (`table`), CSV neutralises formulas (`csv`).
//!
//! A closed stdout (`provctl users | head -1`) ends a read-only command quietly with success. A command
//! that changes data is told so ([`Out::for_change`]): once it may have started changing things, a closed
//! stdout must not stop it half-way and pass for success, so the rest of its report goes to stderr and
//! the command runs to its real end and exit status.

mod csv;
mod table;

pub use table::PAGE;

use crate::error::{Error, Exit, Result};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};
use std::time::SystemTime;

/// `-o, --output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// One cell: what the database (or a check) returned, typed enough to print faithfully.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Time(SystemTime),
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    pub fn opt_text(s: Option<impl Into<String>>) -> Value {
        s.map_or(Value::Null, |s| Value::Text(s.into()))
    }

    /// The text shown in tables and CSV (escaped for the terminal by the caller).
    pub(crate) fn plain(&self) -> Cow<'_, str> {
        match self {
            Value::Null => Cow::Borrowed(""),
            Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Value::Int(i) => Cow::Owned(i.to_string()),
            Value::Float(f) => Cow::Owned(f.to_string()),
            Value::Text(s) => Cow::Borrowed(s),
            Value::Time(t) => Cow::Owned(rfc3339(*t)),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Int(i) => (*i).into(),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into),
            Value::Text(s) => s.clone().into(),
            Value::Time(t) => rfc3339(*t).into(),
        }
    }
}

/// RFC 3339 in UTC with microseconds, PostgreSQL's own precision.
pub fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_micros(t).to_string()
}

/// Escapes what could drive a terminal: C0 controls (ESC, BEL, CR…), DEL, C1 controls (0x9B is a
/// one-byte CSI on some terminals) and the bidirectional overrides that make text read differently
/// from what it is. Tab and newline are escaped too: one value stays on one line.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x100 => {
                    let _ = write!(out, "\\x{:02x}", c as u32);
                }
                c => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// JSON text with the same characters escaped as `\uXXXX`: still valid JSON carrying the exact data,
/// but inert on a terminal (serde_json leaves DEL, C1 and bidi controls raw).
pub fn json_string(v: &serde_json::Value) -> String {
    let raw = serde_json::to_string(v).unwrap_or_default();
    if !raw.chars().any(needs_escape) {
        return raw;
    }
    let mut out = String::with_capacity(raw.len() + 8);
    for c in raw.chars() {
        if needs_escape(c) {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// stdout, which a change command does not let a vanished reader stop: after a broken pipe, what is
/// left goes to stderr (see the module notes).
pub struct Sink {
    stdout: io::Stdout,
    keep_going: bool,
    redirected: bool,
}

impl Sink {
    fn redirect(&mut self) {
        self.redirected = true;
        let _ = writeln!(
            io::stderr().lock(),
            "\nwarning: stdout was closed: the rest of the report goes to stderr, and the change goes on"
        );
    }

    fn closed(&self, e: &io::Error) -> bool {
        self.keep_going && e.kind() == io::ErrorKind::BrokenPipe
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.redirected {
            return io::stderr().write(buf);
        }
        match self.stdout.write(buf) {
            Err(e) if self.closed(&e) => {
                self.redirect();
                io::stderr().write(buf)
            }
            r => r,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.redirected {
            return io::stderr().flush();
        }
        match self.stdout.flush() {
            Err(e) if self.closed(&e) => {
                self.redirect();
                Ok(())
            }
            r => r,
        }
    }
}

/// The printing front of a command.
pub struct Out {
    pub format: Format,
    pub color: bool,
    /// `--csv-raw`: CSV cells as they are, formulas included.
    csv_raw: bool,
    sink: Sink,
}

impl Out {
    pub fn new(format: Format, no_color_env: bool, csv_raw: bool) -> Out {
        let stdout = io::stdout();
        let color = !no_color_env && stdout.is_terminal();
        Out {
            format,
            color,
            csv_raw,
            sink: Sink {
                stdout,
                keep_going: false,
                redirected: false,
            },
        }
    }

    /// For a command that changes data: a closed stdout never stops it (the rest goes to stderr).
    pub fn for_change(&mut self) {
        self.sink.keep_going = true;
    }

    pub fn stdout_is_terminal(&self) -> bool {
        self.sink.stdout.is_terminal()
    }

    /// Prints rows with the given column names in the chosen format. Every format streams.
    pub fn rows<I>(&mut self, columns: &[&str], rows: I) -> Result<usize>
    where
        I: IntoIterator<Item = Result<Vec<Value>>>,
    {
        // A terminal gets one CSV line per row; a file or a pipe gets the data (see `csv`).
        let csv_cell = if self.stdout_is_terminal() {
            csv::cell
        } else {
            csv::data_cell
        };
        let mut w = io::BufWriter::new(&mut self.sink);
        let n = match self.format {
            Format::Table => {
                let mut t = table::Table::new(&mut w, columns, self.color);
                for r in rows {
                    t.push(&r?).map_err(io_err)?;
                }
                let n = t.finish().map_err(io_err)?;
                writeln!(w, "({n} row{})", if n == 1 { "" } else { "s" }).map_err(io_err)?;
                n
            }
            Format::Json => {
                let mut n = 0;
                w.write_all(b"[").map_err(io_err)?;
                for r in rows {
                    let r = r?;
                    w.write_all(if n == 0 { b"\n  " } else { b",\n  " })
                        .map_err(io_err)?;
                    w.write_all(json_string(&object(columns, &r)).as_bytes())
                        .map_err(io_err)?;
                    n += 1;
                }
                w.write_all(if n == 0 { b"]\n" } else { b"\n]\n" })
                    .map_err(io_err)?;
                n
            }
            Format::Csv => {
                writeln!(w, "{}", csv::line(columns.iter().map(|c| Cow::Borrowed(*c)))).map_err(io_err)?;
                let mut n = 0;
                for r in rows {
                    let r = r?;
                    let cells = r.iter().map(|v| csv_cell(v, self.csv_raw));
                    writeln!(w, "{}", csv::line(cells)).map_err(io_err)?;
                    n += 1;
                }
                n
            }
        };
        w.flush().map_err(io_err)?;
        Ok(n)
    }

    /// Prints one result (a single object in JSON; a two-column field/value table otherwise; CSV: header + row).
    pub fn record(&mut self, fields: &[(&str, Value)]) -> Result<()> {
        let columns: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
        let values: Vec<Value> = fields.iter().map(|(_, v)| v.clone()).collect();
        match self.format {
            Format::Json => {
                let text = json_string(&object(&columns, &values));
                writeln!(self.sink, "{text}").map_err(io_err)
            }
            Format::Csv => self.rows(&columns, [Ok(values)]).map(|_| ()),
            Format::Table => {
                let mut w = io::BufWriter::new(&mut self.sink);
                let mut t = table::Table::new(&mut w, &["field", "value"], self.color);
                for (k, v) in fields {
                    t.push(&[Value::text(*k), v.clone()]).map_err(io_err)?;
                }
                t.finish().map_err(io_err)?;
                w.flush().map_err(io_err)
            }
        }
    }

    /// One JSON document on stdout, escaped like every JSON output.
    pub fn json(&mut self, v: &serde_json::Value) -> Result<()> {
        writeln!(self.sink, "{}", json_string(v)).map_err(io_err)
    }

    /// A line of free text on stdout (already composed by the caller; escaped here).
    pub fn line(&mut self, text: &str) -> Result<()> {
        crate::ui::progress::suspend(|| writeln!(self.sink, "{}", escape_lines(text))).map_err(io_err)
    }

    /// stdout for formats the command composes itself (exports). The caller escapes.
    pub fn raw(&mut self) -> &mut Sink {
        &mut self.sink
    }
}

/// A message for the operator on stderr (progress, warnings): never mixed into stdout's data.
pub fn note(text: &str) {
    if QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    // Through `progress::suspend`: a progress bar being drawn is cleared for the line.
    crate::ui::progress::suspend(|| writeln!(io::stderr().lock(), "{}", escape_lines(text)).ok());
}

/// Whether `--quiet` is on.
pub fn is_quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// `--quiet`: informational notes off (warnings and errors stay).
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// An error line on stderr that `--quiet` never silences.
pub fn error_line(text: &str) {
    crate::ui::progress::suspend(|| writeln!(io::stderr().lock(), "{}", escape_lines(text)).ok());
}

/// A warning on stderr, prefixed so scripts and eyes can find it.
pub fn warn(text: &str) {
    crate::ui::progress::suspend(|| writeln!(io::stderr().lock(), "warning: {}", escape_lines(text)).ok());
}

/// Escapes each line of a multi-line text, keeping the newlines that separate lines.
fn escape_lines(text: &str) -> String {
    text.split('\n')
        .map(|l| escape(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A JSON object from column names and cells (field names = column names).
pub fn object(columns: &[&str], values: &[Value]) -> serde_json::Value {
    let mut map = serde_json::Map::with_capacity(columns.len());
    for (c, v) in columns.iter().zip(values) {
        map.insert((*c).to_string(), v.json());
    }
    serde_json::Value::Object(map)
}

/// Maps an output error: a closed pipe (`provctl users | head -1`) ends the command quietly with success.
pub fn io_err(e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Error {
            exit: Exit::BrokenPipe,
            message: String::new(),
            hint: None,
            silent: true,
        }
    } else {
        Error::usage(format!("cannot write output: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(escape("web-01"), "web-01");
        assert_eq!(escape("a\x1b]0;pwn\x07b"), "a\\x1b]0;pwn\\x07b");
        assert_eq!(escape("x\u{9b}31m"), "x\\x9b31m");
        assert_eq!(escape("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(escape("é ü 日本"), "é ü 日本");
    }

    #[test]
    fn json_keeps_data_but_escapes_controls() {
        let v = serde_json::json!({"h": "a\u{1b}[2Jb\u{9b}\u{202e}"});
        let s = json_string(&v);
        assert!(!s.contains('\u{1b}') && !s.contains('\u{9b}') && !s.contains('\u{202e}'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
