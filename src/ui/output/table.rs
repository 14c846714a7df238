//! Tables that stream: memory stays bounded whatever the number of rows.
//!
//! The column widths are measured on the first [`PAGE`] rows (held in memory, escaped), which are then
//! printed with the header; every later row is printed as it comes, with the same widths. A later value
//! wider than its column is printed whole — the row is then wider than the others, but no value is ever
//! cut, wrapped or split. The look is that of a condensed grid (ASCII in a pipe; box-drawing characters,
//! bold header and dim `NULL` on a colour terminal).
//!
//! The layout is computed once, in [`Layout::measure`], from the header and the first page: a writer
//! that fits the table to the terminal (dropping or shortening low-value columns, never a value) can
//! decide there which columns to print and keep the streaming part unchanged.

use super::{escape, Value};
use std::borrow::Cow;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

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
    color: bool,
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
    color: false,
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
    color: true,
};

/// One cell as printed: escaped text, and whether it stands for NULL (dimmed on a terminal).
struct Cell {
    text: String,
    null: bool,
}

impl Cell {
    fn of(v: &Value) -> Cell {
        match v {
            Value::Null => Cell {
                text: "NULL".into(),
                null: true,
            },
            v => {
                // A number's or a timestamp's text is already an owned String: keep it unless
                // escaping made a new one (text cells are copied once, here).
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

/// The widths of the columns, decided from the header and the first page.
struct Layout {
    widths: Vec<usize>,
}

impl Layout {
    fn measure(header: &[Cell], page: &[Vec<Cell>]) -> Layout {
        let mut widths: Vec<usize> = header.iter().map(Cell::width).collect();
        for row in page {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.width());
            }
        }
        Layout { widths }
    }
}

/// A table being printed.
pub struct Table<'w> {
    w: &'w mut dyn Write,
    style: &'static Style,
    header: Vec<Cell>,
    page: Vec<Vec<Cell>>,
    layout: Option<Layout>,
    rows: usize,
}

impl<'w> Table<'w> {
    pub fn new(w: &'w mut dyn Write, columns: &[&str], color: bool) -> Table<'w> {
        Table {
            w,
            style: if color { &UTF8 } else { &ASCII },
            header: columns
                .iter()
                .map(|c| Cell {
                    text: escape(c).into_owned(),
                    null: false,
                })
                .collect(),
            page: Vec::new(),
            layout: None,
            rows: 0,
        }
    }

    /// Adds a row: kept while the first page fills, printed at once afterwards.
    pub fn push(&mut self, row: &[Value]) -> io::Result<()> {
        let cells: Vec<Cell> = row.iter().map(Cell::of).collect();
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

    /// Prints what is left and the bottom border; returns the number of rows.
    pub fn finish(mut self) -> io::Result<usize> {
        if self.layout.is_none() {
            self.start()?;
        }
        let widths = self.layout.as_ref().map(|l| l.widths.clone()).unwrap_or_default();
        self.border(&widths, self.style.bottom, self.style.line)?;
        Ok(self.rows)
    }

    /// Measures the first page, prints the header and that page.
    fn start(&mut self) -> io::Result<()> {
        let layout = Layout::measure(&self.header, &self.page);
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
        let widths = self.layout.as_ref().map_or(&[][..], |l| &l.widths[..]);
        let mut line = String::with_capacity(128);
        line.push_str(self.style.left);
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            if i > 0 {
                line.push_str(self.style.inner);
            }
            line.push(' ');
            let styled = self.style.color && (header || c.null);
            if styled {
                line.push_str(if header { "\x1b[1m" } else { "\x1b[2m" });
            }
            line.push_str(&c.text);
            if styled {
                line.push_str("\x1b[0m");
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

    fn render(columns: &[&str], rows: &[Vec<Value>]) -> String {
        let mut buf = Vec::new();
        let mut t = Table::new(&mut buf, columns, false);
        for r in rows {
            t.push(r).unwrap();
        }
        t.finish().unwrap();
        String::from_utf8(buf).unwrap()
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
