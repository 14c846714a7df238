//! Tables that stream: memory stays bounded whatever the number of rows.
//!
//! The column widths are measured on the first [`PAGE`] rows (held in memory, escaped), which are then
//! printed with the header; every later row is printed as it comes, with the same widths. A later value
//! wider than its column is printed whole — the row is then wider than the others, but no value is ever
//! cut, wrapped or split. The look is that of a condensed grid (ASCII in a pipe or on `TERM=dumb`;
//! box-drawing characters on a terminal; bold header, dim `NULL` and coloured `status` cells when
//! colour is on).
//!
//! Fitting the terminal (as kubectl and gh do): the layout is computed once, in [`Layout::measure`],
//! from the header and the first page. When a width is given (stdout is a terminal and not `-o wide`)
//! and the table is wider, whole columns are hidden — [`Priority::Low`] ones first (ids, fingerprints),
//! then [`Priority::Normal`] ones, right to left, never a [`Priority::Keep`] one nor the last column
//! left — and the caller names them in a footer. The plan of a change hides only low columns
//! ([`Options::low_only`]): what the operator confirms is shown whole. A value is never shortened or split: an id cut to a
//! prefix could be copied and pasted as another. The streaming part is unchanged.

use super::{escape, Value};
use crate::ui::colour::{self, Tone};
use std::borrow::Cow;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// How much a column is worth on a narrow terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    /// Never hidden (the name that identifies a row).
    Keep,
    /// Hidden after every low one, right to left.
    Normal,
    /// Hidden first: ids and fingerprints, which `-o wide`, JSON and CSV still carry.
    Low,
}

/// A column: its name (the header, the JSON field, the CSV header) and its priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column<'a> {
    pub name: &'a str,
    pub priority: Priority,
}

impl<'a> Column<'a> {
    /// A column whose priority follows from its name (see the `From<&str>` conversion).
    pub fn new(name: &'a str) -> Column<'a> {
        Column::from(name)
    }

    pub fn keep(self) -> Column<'a> {
        Column {
            priority: Priority::Keep,
            ..self
        }
    }

    pub fn low(self) -> Column<'a> {
        Column {
            priority: Priority::Low,
            ..self
        }
    }
}

/// The default for a plain name, so that every listing fits without declaring anything: `id`, `*_id`
/// and `fingerprint` are low (long, and rarely what the operator reads), `status` is kept (the verdict
/// of a check is why it was run), the rest normal.
impl<'a> From<&'a str> for Column<'a> {
    fn from(name: &'a str) -> Column<'a> {
        let priority = match name {
            "status" => Priority::Keep,
            "id" | "fingerprint" => Priority::Low,
            n if n.ends_with("_id") => Priority::Low,
            _ => Priority::Normal,
        };
        Column { name, priority }
    }
}

impl<'a> From<&&'a str> for Column<'a> {
    fn from(name: &&'a str) -> Column<'a> {
        Column::from(*name)
    }
}

impl<'a> From<&Column<'a>> for Column<'a> {
    fn from(c: &Column<'a>) -> Column<'a> {
        *c
    }
}

/// How a table is drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Box-drawing borders (a terminal that is not `dumb`).
    pub unicode: bool,
    /// Escapes for bold, dim and status colours.
    pub colour: bool,
    /// The terminal's width to fit, if any.
    pub width: Option<usize>,
    /// Only low columns may be hidden: the plan of a change shows everything it will change.
    pub low_only: bool,
}

/// Rows measured before the table starts printing.
pub const PAGE: usize = 1000;

/// The characters of a grid.
struct Style {
    left: &'static str,
    right: &'static str,
    inner: &'static str,
    line: char,
    header_line: char,
    top: [&'static str; 3],
    header: [&'static str; 3],
    bottom: [&'static str; 3],
}

const ASCII: Style = Style {
    left: "|",
    right: "|",
    inner: "|",
    line: '-',
    header_line: '=',
    top: ["+", "+", "+"],
    header: ["+", "=", "+"],
    bottom: ["+", "+", "+"],
};

const UTF8: Style = Style {
    left: "│",
    right: "│",
    inner: "┆",
    line: '─',
    header_line: '═',
    top: ["┌", "┬", "┐"],
    header: ["╞", "╪", "╡"],
    bottom: ["└", "┴", "┘"],
};

/// One cell as printed: escaped text, and whether it stands for NULL (dimmed on a terminal).
struct Cell {
    text: String,
    null: bool,
}

impl Cell {
    fn of(v: Value) -> Cell {
        match v {
            Value::Null => Cell {
                text: "NULL".into(),
                null: true,
            },
            // A text cell keeps the row's own String unless escaping made a new one.
            Value::Text(t) => {
                let escaped = match escape(&t) {
                    Cow::Owned(e) => Some(e),
                    Cow::Borrowed(_) => None,
                };
                Cell {
                    text: escaped.unwrap_or(t),
                    null: false,
                }
            }
            v => {
                // A number's or a timestamp's text is already an owned String: keep it unless
                // escaping made a new one.
                let plain = v.plain();
                let escaped = match escape(&plain) {
                    Cow::Owned(e) => Some(e),
                    Cow::Borrowed(_) => None,
                };
                Cell {
                    text: escaped.unwrap_or_else(|| plain.into_owned()),
                    null: false,
                }
            }
        }
    }

    fn width(&self) -> usize {
        // A cell's text is escaped: ASCII there is printable ASCII, one column per byte.
        if self.text.is_ascii() {
            return self.text.len();
        }
        UnicodeWidthStr::width(self.text.as_str())
    }
}

/// The columns shown and their widths, decided from the header and the first page.
struct Layout {
    /// Indexes of the columns printed, in order.
    shown: Vec<usize>,
    /// Width of each printed column (same order as `shown`).
    widths: Vec<usize>,
    /// Names of the columns hidden to fit.
    hidden: Vec<String>,
}

/// The printed width of a row whose columns have these widths: `| a | b |`.
fn line_width<'a>(widths: impl Iterator<Item = &'a usize>) -> usize {
    widths.map(|w| w + 3).sum::<usize>() + 1
}

impl Layout {
    fn measure(header: &[Cell], priorities: &[Priority], page: &[Vec<Cell>], options: &Options) -> Layout {
        let fit = options.width;
        let mut widths: Vec<usize> = header.iter().map(Cell::width).collect();
        for row in page {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.width());
            }
        }
        let mut shown: Vec<usize> = (0..widths.len()).collect();
        if let Some(max) = fit {
            // Low columns first, then normal ones, each from the right.
            let hideable: &[Priority] = if options.low_only {
                &[Priority::Low]
            } else {
                &[Priority::Low, Priority::Normal]
            };
            let order = hideable
                .iter()
                .copied()
                .flat_map(|p| (0..widths.len()).rev().filter(move |&i| priorities[i] == p))
                .collect::<Vec<_>>();
            for i in order {
                if line_width(shown.iter().map(|&j| &widths[j])) <= max || shown.len() <= 1 {
                    break;
                }
                shown.retain(|&j| j != i);
            }
        }
        let hidden = (0..widths.len())
            .filter(|i| !shown.contains(i))
            .map(|i| header[i].text.clone())
            .collect();
        Layout {
            widths: shown.iter().map(|&i| widths[i]).collect(),
            shown,
            hidden,
        }
    }
}

/// A table being printed.
pub struct Table<'w> {
    w: &'w mut dyn Write,
    style: &'static Style,
    options: Options,
    header: Vec<Cell>,
    priorities: Vec<Priority>,
    /// The `status` column, whose words (`ok`, `warn`, a defect) are coloured.
    status: Option<usize>,
    page: Vec<Vec<Cell>>,
    layout: Option<Layout>,
    rows: usize,
}

/// What a finished table reports for its footer.
pub struct Finished {
    pub rows: usize,
    /// Columns hidden to fit the terminal.
    pub hidden: Vec<String>,
}

impl<'w> Table<'w> {
    pub fn new(w: &'w mut dyn Write, columns: &[Column<'_>], options: Options) -> Table<'w> {
        Table {
            w,
            style: if options.unicode { &UTF8 } else { &ASCII },
            options,
            header: columns
                .iter()
                .map(|c| Cell {
                    text: escape(c.name).into_owned(),
                    null: false,
                })
                .collect(),
            priorities: columns.iter().map(|c| c.priority).collect(),
            status: columns.iter().position(|c| c.name == "status"),
            page: Vec::new(),
            layout: None,
            rows: 0,
        }
    }

    /// Adds a row: kept while the first page fills, printed at once afterwards.
    pub fn push(&mut self, row: Vec<Value>) -> io::Result<()> {
        let cells: Vec<Cell> = row.into_iter().map(Cell::of).collect();
        self.rows += 1;
        if self.layout.is_some() {
            return self.print_row(&cells);
        }
        self.page.push(cells);
        if self.page.len() >= PAGE {
            self.start()?;
        }
        Ok(())
    }

    /// Prints what is left and the bottom border; an empty table prints nothing (the caller says
    /// "no rows" instead of drawing an empty box).
    pub fn finish(mut self) -> io::Result<Finished> {
        if self.rows == 0 {
            return Ok(Finished {
                rows: 0,
                hidden: Vec::new(),
            });
        }
        if self.layout.is_none() {
            self.start()?;
        }
        let widths = self.layout.as_ref().map(|l| l.widths.clone()).unwrap_or_default();
        self.border(&widths, self.style.bottom, self.style.line)?;
        Ok(Finished {
            rows: self.rows,
            hidden: self.layout.map(|l| l.hidden).unwrap_or_default(),
        })
    }

    /// Measures the first page, prints the header and that page.
    fn start(&mut self) -> io::Result<()> {
        let layout = Layout::measure(&self.header, &self.priorities, &self.page, &self.options);
        let widths = layout.widths.clone();
        self.layout = Some(layout);
        self.border(&widths, self.style.top, self.style.line)?;
        let header = std::mem::take(&mut self.header);
        self.print_cells(&header, true)?;
        self.header = header;
        self.border(&widths, self.style.header, self.style.header_line)?;
        for row in std::mem::take(&mut self.page) {
            self.print_row(&row)?;
        }
        Ok(())
    }

    fn print_row(&mut self, cells: &[Cell]) -> io::Result<()> {
        self.print_cells(cells, false)
    }

    fn print_cells(&mut self, cells: &[Cell], header: bool) -> io::Result<()> {
        let Some(layout) = self.layout.as_ref() else {
            return Ok(());
        };
        let mut line = String::with_capacity(128);
        line.push_str(self.style.left);
        for (n, (&i, w)) in layout.shown.iter().zip(&layout.widths).enumerate() {
            let Some(c) = cells.get(i) else { continue };
            if n > 0 {
                line.push_str(self.style.inner);
            }
            line.push(' ');
            let tone = if header {
                Some(Tone::Bold)
            } else if c.null {
                Some(Tone::Dim)
            } else if Some(i) == self.status {
                // A status column: `ok`, `warn`, and anything else (a named defect) is a failure.
                colour::status_tone(&c.text).or(Some(Tone::Bad))
            } else {
                None
            };
            match tone {
                Some(t) if self.options.colour => line.push_str(&colour::paint(true, t, &c.text)),
                _ => line.push_str(&c.text),
            }
            line.extend(std::iter::repeat_n(' ', w.saturating_sub(c.width()) + 1));
        }
        line.push_str(self.style.right);
        line.push('\n');
        self.w.write_all(line.as_bytes())
    }

    fn border(&mut self, widths: &[usize], [left, mid, right]: [&str; 3], fill: char) -> io::Result<()> {
        let mut line = String::with_capacity(128);
        line.push_str(left);
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                line.push_str(mid);
            }
            line.extend(std::iter::repeat_n(fill, w + 2));
        }
        line.push_str(right);
        line.push('\n');
        self.w.write_all(line.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_with(columns: &[Column<'_>], rows: &[Vec<Value>], options: Options) -> (String, Vec<String>) {
        let mut buf = Vec::new();
        let mut t = Table::new(&mut buf, columns, options);
        for r in rows {
            t.push(r.clone()).unwrap();
        }
        let f = t.finish().unwrap();
        (String::from_utf8(buf).unwrap(), f.hidden)
    }

    fn render(columns: &[&str], rows: &[Vec<Value>]) -> String {
        let columns: Vec<Column<'_>> = columns.iter().map(Column::from).collect();
        render_with(&columns, rows, Options::default()).0
    }

    fn key_row(i: usize) -> Vec<Value> {
        vec![
            Value::text(format!("0b6f8a4e-5a7c-4d0e-9b1f-3c2d1e0f{i:04}")),
            Value::text(format!("acme-key-{i:02}")),
            Value::Bool(true),
            Value::text("9f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b2c"),
            Value::text("2026-12-01T14:39:28.123456Z"),
        ]
    }

    const KEY_COLUMNS: [&str; 5] = ["id", "name", "is_active", "machine_id", "last_used_at"];

    #[test]
    fn on_80_columns_the_ids_are_hidden_whole_and_no_value_is_split() {
        let columns: Vec<Column<'_>> = KEY_COLUMNS.iter().map(Column::from).collect();
        let rows: Vec<Vec<Value>> = (0..3).map(key_row).collect();
        let fit = Options {
            width: Some(80),
            ..Options::default()
        };
        let (out, hidden) = render_with(&columns, &rows, fit);
        assert_eq!(hidden, ["id", "machine_id"]);
        assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
        assert!(
            out.contains("| acme-key-01 | true      | 2026-12-01T14:39:28.123456Z |"),
            "{out}"
        );
        // Without a width (a pipe, `-o wide`) every column stays.
        let (all, hidden) = render_with(&columns, &rows, Options::default());
        assert!(
            hidden.is_empty() && all.contains("9f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b2c"),
            "{all}"
        );
    }

    #[test]
    fn normal_columns_go_after_low_ones_and_kept_ones_never() {
        let columns = [
            Column::new("email").keep(),
            Column::new("role"),
            Column::new("updated_at"),
            Column::new("client_id"),
        ];
        let row = vec![
            Value::text("x".repeat(60)),
            Value::text("admin"),
            Value::text("2026-12-01T14:39:28.123456Z"),
            Value::text("9f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b2c"),
        ];
        let narrow = Options {
            width: Some(40),
            ..Options::default()
        };
        let (out, hidden) = render_with(&columns, std::slice::from_ref(&row), narrow);
        assert_eq!(hidden, ["role", "updated_at", "client_id"]);
        // A change's plan hides only the low one.
        let plan = Options {
            low_only: true,
            ..narrow
        };
        assert_eq!(render_with(&columns, &[row], plan).1, ["client_id"]);
        // Wider than the terminal, but whole: a value is never cut.
        assert!(out.contains(&"x".repeat(60)), "{out}");
    }

    #[test]
    fn an_empty_table_prints_no_box() {
        assert_eq!(render(&["email"], &[]), "");
    }

    #[test]
    fn status_words_are_coloured_only_with_colour() {
        let columns = [Column::new("check"), Column::new("status")];
        let rows = [
            vec![Value::text("schema"), Value::text("ok")],
            vec![Value::text("hashes"), Value::text("fail")],
        ];
        let colour = Options {
            unicode: true,
            colour: true,
            ..Options::default()
        };
        let (out, _) = render_with(&columns, &rows, colour);
        assert!(
            out.contains("\x1b[32mok\x1b[0m") && out.contains("\x1b[31mfail\x1b[0m"),
            "{out:?}"
        );
        let (plain, _) = render_with(
            &columns,
            &rows,
            Options {
                colour: false,
                ..colour
            },
        );
        assert!(!plain.contains('\x1b') && plain.contains('┆'), "{plain:?}");
    }

    #[test]
    fn a_small_table_is_a_condensed_grid() {
        let out = render(
            &["email", "n"],
            &[
                vec![Value::text("a@b.c"), Value::Int(1)],
                vec![Value::Null, Value::Int(22)],
            ],
        );
        assert_eq!(
            out,
            "+-------+----+\n| email | n  |\n+============+\n| a@b.c | 1  |\n| NULL  | 22 |\n+-------+----+\n"
        );
    }

    #[test]
    fn a_long_value_after_the_first_page_is_printed_whole() {
        let mut rows: Vec<Vec<Value>> = (0..PAGE + 5)
            .map(|i| vec![Value::text(format!("h{i}"))])
            .collect();
        let long = "x".repeat(300);
        rows.push(vec![Value::text(long.clone())]);
        let out = render(&["hostname"], &rows);
        assert!(out.lines().any(|l| l == format!("| {long} |")), "{out}");
        // The first page set the width: the header is as wide as the widest of those rows.
        assert!(out.lines().nth(1).unwrap().starts_with("| hostname "));
    }
}
