//! The one output layer: tables, JSON and CSV, escaping, and the stdout/stderr discipline.
//!
//! Every command prints through [`Out`], so the format switch (`-o table|wide|json|csv`), colour
//! decisions (`ui::colour`) and the escaping of hostile text (hostnames, names, emails and API answers
//! can carry terminal control sequences) live in one place. Every format streams row by row: tables
//! size their columns on a first page of rows and fit the terminal's width (`table`), CSV neutralises
//! formulas (`csv`).
//!
//! `-o wide` is a table with every column: [`Out::new`] turns it into `Format::Table` with fitting
//! off, so commands only ever see `table`, `json` or `csv` (and [`Out::wide`] when they care).
//!
//! A closed stdout (`provctl users | head -1`) ends a read-only command quietly with success. A command
//! that changes data is told so ([`Out::for_change`]): once it may have started changing things, a closed
//! stdout must not stop it half-way and pass for success, so the rest of its report goes to stderr and
//! the command runs to its real end and exit status.

mod csv;
mod table;
mod time;

pub use table::{Column, Priority, PAGE};
pub use time::Timestamp;

use crate::ui::colour::{self, ColourEnv, Tone};

use crate::error::{Error, Exit, Result};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};
use std::time::SystemTime;

/// `-o, --output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
// Plain comments, not doc comments: a described value would switch every `--help` to clap's long form.
pub enum Format {
    // A table fitted to the terminal (hidden columns named below it); a command's own text otherwise.
    Table,
    // A table with every column, however wide.
    Wide,
    Json,
    Csv,
}

impl Format {
    /// The name on the command line (`-o wide`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Wide => "wide",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

/// One cell: what the database (or a check) returned, typed enough to print faithfully.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Time(Timestamp),
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
            Value::Time(t) => Cow::Owned(t.to_string()),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Int(i) => (*i).into(),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into),
            Value::Text(s) => s.clone().into(),
            Value::Time(t) => t.to_string().into(),
        }
    }
}

/// RFC 3339 in UTC with microseconds, PostgreSQL's own precision (a clock reading: see [`Timestamp`]).
pub fn rfc3339(t: SystemTime) -> String {
    Timestamp::from(t).to_string()
}

/// Escapes what could drive a terminal: C0 controls (ESC, BEL, CR…), DEL, C1 controls (0x9B is a
/// one-byte CSI on some terminals) and the bidirectional overrides that make text read differently
/// from what it is. Tab and newline are escaped too: one value stays on one line.
pub fn escape(s: &str) -> Cow<'_, str> {
    // Printable ASCII (most cells) has nothing to escape; checking bytes is cheaper than chars.
    if is_printable_ascii(s) || !s.chars().any(needs_escape) {
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

/// Every byte in 0x20..=0x7e: no control, no bidi override, one column per byte.
pub(crate) fn is_printable_ascii(s: &str) -> bool {
    // No early exit: the compiler then checks many bytes at a time (cells are short).
    s.bytes().fold(true, |ok, b| ok & (b.wrapping_sub(0x20) < 0x5f))
}

/// The characters [`escape`] rewrites, as a bracket expression of PostgreSQL's regular expressions
/// (the server's `text` never holds U+0000): lets a statement find the values that cannot be shown
/// as they are (`keys export`). tests/it/hostile/export.rs checks it against [`needs_escape`] for every
/// character up to U+3000.
pub const ESCAPED_CHARS_REGEX: &str = r"[\x01-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]";

/// Whether [`escape`] rewrites `c`: C0 and C1 controls, DEL, the bidirectional controls.
pub fn needs_escape(c: char) -> bool {
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
    /// `table`, `json` or `csv` (`-o wide` is a table with [`Out::wide`]).
    pub format: Format,
    /// Colour on stdout (see `ui::colour` for the rule).
    pub color: bool,
    /// Box-drawing table borders.
    unicode: bool,
    /// `-o wide`: no column hidden.
    wide: bool,
    /// The width tables fit: the terminal's, when stdout is one.
    width: Option<usize>,
    /// `--csv-raw`: CSV cells as they are, formulas included.
    csv_raw: bool,
    sink: Sink,
}

impl Out {
    /// `columns`: the `COLUMNS` variable, which wins over the terminal's own size (as in clap), and is
    /// ignored when stdout is not a terminal (a script always gets every column).
    pub fn new(format: Format, env: ColourEnv, csv_raw: bool, columns: Option<usize>) -> Out {
        let stdout = io::stdout();
        let tty = stdout.is_terminal();
        colour::set_stderr(env.colour(io::stderr().is_terminal()));
        let width = if tty && format == Format::Table {
            columns.filter(|&c| c > 0).or_else(|| terminal_width(&stdout))
        } else {
            None
        };
        Out {
            format: if format == Format::Wide {
                Format::Table
            } else {
                format
            },
            color: env.colour(tty),
            unicode: env.unicode(tty),
            wide: format == Format::Wide,
            width,
            csv_raw,
            sink: Sink {
                stdout,
                keep_going: false,
                redirected: false,
            },
        }
    }

    /// For a command that changes data: a closed stdout never stops it (the rest goes to stderr), and
    /// its tables (the plan) hide only low-value columns to fit the terminal.
    pub fn for_change(&mut self) {
        self.sink.keep_going = true;
    }

    pub fn stdout_is_terminal(&self) -> bool {
        self.sink.stdout.is_terminal()
    }

    /// `-o wide`: every column, every row a command would otherwise summarise (`doctor`'s passed checks).
    pub fn wide(&self) -> bool {
        self.wide
    }

    fn table_options(&self) -> table::Options {
        table::Options {
            unicode: self.unicode,
            colour: self.color,
            width: self.width,
            low_only: self.sink.keep_going,
        }
    }

    /// One line of a plan on stdout, coloured by its marker when colour is on (`+` green, `!` yellow,
    /// `-` red, `=` dim); escaped here.
    pub fn plan_line(&mut self, text: &str) -> Result<()> {
        let text = escape_lines(text);
        let line = match colour::plan_tone(&text) {
            Some(t) => colour::paint(self.color, t, &text),
            None => text,
        };
        writeln!(self.sink, "{line}").map_err(io_err)
    }

    /// A line on stdout in `tone` when colour is on (the text is escaped here).
    pub fn styled_line(&mut self, tone: Tone, text: &str) -> Result<()> {
        let line = colour::paint(self.color, tone, &escape_lines(text));
        writeln!(self.sink, "{line}").map_err(io_err)
    }

    /// Prints rows with the given columns in the chosen format. Every format streams. A column is a
    /// name (its priority on a narrow terminal follows from it, see [`Column`]) or a [`Column`].
    pub fn rows<'c, C, I>(&mut self, columns: &'c [C], rows: I) -> Result<usize>
    where
        &'c C: Into<Column<'c>>,
        I: IntoIterator<Item = Result<Vec<Value>>>,
    {
        let columns: Vec<Column<'c>> = columns.iter().map(Into::into).collect();
        let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
        let columns_ref = &columns;
        let columns = &names[..];
        let options = self.table_options();
        // A terminal gets one CSV line per row; a file or a pipe gets the data (see `csv`).
        let csv_cell = if self.stdout_is_terminal() {
            csv::cell
        } else {
            csv::data_cell
        };
        let mut w = io::BufWriter::new(&mut self.sink);
        let n = match self.format {
            Format::Table | Format::Wide => {
                let mut t = table::Table::new(&mut w, columns_ref, options);
                for r in rows {
                    t.push(r?).map_err(io_err)?;
                }
                let done = t.finish().map_err(io_err)?;
                writeln!(w, "{}", footer(&done)).map_err(io_err)?;
                done.rows
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
            Format::Table | Format::Wide => {
                let options = self.table_options();
                let mut w = io::BufWriter::new(&mut self.sink);
                let columns = [Column::new("field").keep(), Column::new("value").keep()];
                let mut t = table::Table::new(&mut w, &columns, options);
                for (k, v) in fields {
                    t.push(vec![Value::text(*k), v.clone()]).map_err(io_err)?;
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

/// The line under a table: the row count, or `(no rows)` instead of an empty box, and the columns
/// hidden to fit the terminal with the way to see them.
fn footer(done: &table::Finished) -> String {
    let n = done.rows;
    let mut line = match n {
        0 => "(no rows)".to_string(),
        1 => "(1 row)".to_string(),
        n => format!("({n} rows)"),
    };
    if !done.hidden.is_empty() {
        let _ = write!(line, " hidden: {} (-o wide shows all)", done.hidden.join(", "));
    }
    line
}

/// The terminal's width in columns; `None` when it reports none (a new pseudo-terminal says 0).
fn terminal_width(stdout: &io::Stdout) -> Option<usize> {
    rustix::termios::tcgetwinsize(stdout)
        .ok()
        .map(|w| usize::from(w.ws_col))
        .filter(|&c| c > 0)
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

/// A line on stderr the caller has escaped and perhaps coloured (`ui::colour`): printed as it is,
/// `--quiet` or not when `always`.
pub fn styled_note(text: &str, always: bool) {
    if !always && QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    crate::ui::progress::suspend(|| writeln!(io::stderr().lock(), "{text}").ok());
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

/// A warning on stderr, prefixed so scripts and eyes can find it (the prefix yellow when colour is on).
pub fn warn(text: &str) {
    let prefix = colour::paint(colour::stderr(), Tone::Warn, "warning:");
    crate::ui::progress::suspend(|| writeln!(io::stderr().lock(), "{prefix} {}", escape_lines(text)).ok());
}

/// An error on stderr: `error: text`, the prefix red when colour is on stderr; `--quiet` never
/// silences it.
pub fn error(text: &str) {
    let prefix = colour::paint(colour::stderr(), Tone::Bad, "error:");
    crate::ui::progress::suspend(|| writeln!(io::stderr().lock(), "{prefix} {}", escape(text)).ok());
}

/// A command's error as the process reports it: `error: …`, then its `hint: …` line if it has one.
pub fn report(e: &crate::error::Error) {
    error(&e.message);
    if let Some(h) = &e.hint {
        crate::ui::progress::suspend(|| writeln!(io::stderr().lock(), "hint: {}", escape(h)).ok());
    }
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
    fn the_printable_ascii_fast_path_is_exact() {
        // Every single character of the first 0x3000 code points, and mixes: the fast path (borrow,
        // width = length) only ever answers where the character walk answers the same.
        let mut corpus: Vec<String> = (0u32..0x3000)
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        corpus.extend(["", "web-01", "a b~", "acme\x7f", "x\u{7f}y", "tab\there", "é"].map(String::from));
        corpus.push("\u{7f}".into());
        for s in &corpus {
            let slow_escape_needed = s.chars().any(needs_escape);
            if is_printable_ascii(s) {
                assert!(!slow_escape_needed, "{s:?}");
                assert!(matches!(escape(s), Cow::Borrowed(_)), "{s:?}");
                assert_eq!(
                    unicode_width::UnicodeWidthStr::width(s.as_str()),
                    s.len(),
                    "{s:?}"
                );
            }
            assert_eq!(
                matches!(escape(s), Cow::Borrowed(_)),
                !slow_escape_needed,
                "{s:?}"
            );
        }
    }

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
