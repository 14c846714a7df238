//! CSV lines: RFC 4180 quoting, and OWASP's rule against formula injection.
//!
//! Tenants choose hostnames, and a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a
//! tab or carriage return) as a formula (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`). By default such a text
//! cell is written with a leading `'`, which spreadsheets show as text and do not run, and quoted.
//! Numbers are never touched (a negative count stays a number). `--csv-raw` writes the cells as they
//! are, for programs that read the CSV as data.
//!
//! Line breaks and tabs in a value are data: written as they are inside a quoted field (RFC 4180), so
//! a real newline and the two characters `\n` stay different. Only when stdout is a terminal are they
//! escaped as in tables (a carriage return would move the cursor over what is shown). Every other
//! control character is escaped in both cases.
//!
//! The quoting is ours, not the `csv` crate's writer: that crate quotes per writer (necessary, always,
//! non-numeric), while OWASP's rule wants a neutralised cell quoted and a plain one left as it is, a
//! per-field choice the suite pins (`"'+1+1"` next to `web-01`).

use super::{escape, Value};
use std::borrow::Cow;

/// Whether a spreadsheet would take this cell for a formula.
fn is_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The text of a cell for a terminal: escaped as tables escape it, neutralised unless `raw`.
pub fn cell(v: &Value, raw: bool) -> Cow<'_, str> {
    let text = match v.plain() {
        Cow::Borrowed(b) => escape(b),
        Cow::Owned(o) => Cow::Owned(escape(&o).into_owned()),
    };
    neutralise(v, text, raw)
}

/// The text of a cell for a file or a pipe: line breaks and tabs kept (quoted by [`line`]), every
/// other control escaped, neutralised unless `raw`.
pub fn data_cell(v: &Value, raw: bool) -> Cow<'_, str> {
    let plain = v.plain();
    let text = if plain.contains(BREAKS) {
        let mut out = String::with_capacity(plain.len());
        let mut rest: &str = &plain;
        while let Some(i) = rest.find(BREAKS) {
            out.push_str(&escape(&rest[..i]));
            out.push_str(&rest[i..i + 1]);
            rest = &rest[i + 1..];
        }
        out.push_str(&escape(rest));
        Cow::Owned(out)
    } else {
        match plain {
            Cow::Borrowed(b) => escape(b),
            Cow::Owned(o) => Cow::Owned(escape(&o).into_owned()),
        }
    };
    neutralise(v, text, raw)
}

/// What a CSV field may carry as it is: CR, LF and tab (all one byte).
const BREAKS: [char; 3] = ['\n', '\r', '\t'];

fn neutralise<'a>(v: &Value, text: Cow<'a, str>, raw: bool) -> Cow<'a, str> {
    if !raw && matches!(v, Value::Text(_)) && is_formula(&text) {
        return Cow::Owned(format!("'{text}"));
    }
    text
}

/// One CSV line (without its newline): a field is quoted when it holds a comma, a quote, a line break,
/// leading or trailing spaces, or was neutralised.
pub fn line<'a>(fields: impl Iterator<Item = Cow<'a, str>>) -> String {
    let mut line = String::new();
    for (i, f) in fields.enumerate() {
        if i > 0 {
            line.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) || f.starts_with([' ', '\'']) || f.ends_with(' ') {
            line.push('"');
            line.push_str(&f.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&f);
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_when_needed() {
        let l = line(["a", "b,c", "d\"e"].into_iter().map(Cow::Borrowed));
        assert_eq!(l, "a,\"b,c\",\"d\"\"e\"");
    }

    #[test]
    fn formulas_are_neutralised_unless_raw() {
        for f in ["=1+1", "+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"] {
            let v = Value::text(f);
            assert_eq!(cell(&v, false), format!("'{f}"));
            assert_eq!(cell(&v, true), f);
        }
        assert_eq!(cell(&Value::Int(-5), false), "-5");
        assert_eq!(cell(&Value::text("web-01"), false), "web-01");
        assert_eq!(line([cell(&Value::text("=1+1"), false)].into_iter()), "\"'=1+1\"");
    }

    /// Regression: a real newline and a literal `\n` printed the same (`a\nb`), which is not RFC 4180.
    #[test]
    fn a_real_newline_and_a_literal_backslash_n_stay_different() {
        let real = line([data_cell(&Value::text("a\nb"), false)].into_iter());
        let literal = line([data_cell(&Value::text("a\\nb"), false)].into_iter());
        assert_eq!(real, "\"a\nb\"");
        assert_eq!(literal, "a\\nb");
        assert_ne!(real, literal);
        assert_eq!(
            line([data_cell(&Value::text("a\r\nb\tc"), false)].into_iter()),
            "\"a\r\nb\tc\""
        );
        // Other controls are still escaped, and a leading tab is still a formula.
        assert_eq!(data_cell(&Value::text("x\u{1b}[2Jy\nz"), false), "x\\x1b[2Jy\nz");
        assert_eq!(data_cell(&Value::text("\t=1"), false), "'\t=1");
        // On a terminal, as in tables: one value, one line.
        assert_eq!(cell(&Value::text("a\nb"), false), "a\\nb");
    }
}
