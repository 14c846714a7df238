//! CSV lines: RFC 4180 quoting, and OWASP's rule against formula injection.
//!
//! Tenants choose hostnames, and a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a
//! tab or carriage return) as a formula (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`). By default such a text
//! cell is written with a leading `'`, which spreadsheets show as text and do not run, and quoted.
//! Numbers are never touched (a negative count stays a number). `--csv-raw` writes the cells as they
//! are, for programs that read the CSV as data.

use super::{escape, Value};
use std::borrow::Cow;

/// Whether a spreadsheet would take this cell for a formula.
fn is_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The text of a cell: escaped for the terminal, neutralised unless `raw`.
pub fn cell(v: &Value, raw: bool) -> Cow<'_, str> {
    let text = match v.plain() {
        Cow::Borrowed(b) => escape(b),
        Cow::Owned(o) => Cow::Owned(escape(&o).into_owned()),
    };
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
}
