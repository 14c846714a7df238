//! The line reader: configparser's `_read` loop, line by line (sections, options, continuation
//! lines, comments, deferred errors), into the raw sections that [`super::Ini`] is built from.

use super::{
    is_py_space, py_strip, Ini, IniError, IniErrorKind, Item, Section, DEFAULT_SECTION, INTERPOLATION_BUDGET,
};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, OnceLock};

/// Splits like Python's text files with universal newlines: `\r\n`, `\r` and
/// `\n` all end a line; no empty line is produced after a final terminator.
pub(super) fn split_lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                i += 1;
                start = i;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                i += if bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// configparser's `SECTCRE`, `\[(?P<header>.+)\]`, matched at the start of
/// the stripped line: greedy, so the name runs to the *last* `]`, and
/// unanchored at the end, so anything after that `]` is ignored.
fn section_header(stripped: &str) -> Option<&str> {
    let rest = stripped.strip_prefix('[')?;
    match rest.rfind(']') {
        Some(0) | None => None,
        Some(close) => Some(&rest[..close]),
    }
}

/// An option as read, before its continuation lines are joined.
struct RawOption {
    name: String,
    parts: Vec<String>,
    line: usize,
}

impl RawOption {
    /// configparser's `_join_multiline_values`: `'\n'.join(parts).rstrip()`.
    fn value(&self) -> String {
        let joined = self.parts.join("\n");
        joined.trim_end_matches(is_py_space).to_owned()
    }
}

#[derive(Default)]
struct RawSection {
    name: String,
    line: usize,
    options: Vec<RawOption>,
    /// Names in `options`, for configparser's strict duplicate check.
    seen: HashSet<String>,
}

/// Which section lines currently go to (configparser's `cursect`).
#[derive(Clone, Copy)]
enum Target {
    Default,
    Section(usize),
}

/// The state of configparser's `_read` loop, field for field.
#[derive(Default)]
pub(super) struct Reader {
    defaults: RawSection,
    sections: Vec<RawSection>,
    by_name: HashMap<String, usize>,
    cursect: Option<Target>,
    /// Index of the option continuation lines extend. `None` where
    /// configparser's `optname` is falsy: after a header, and after an option
    /// with an empty name.
    optname: Option<usize>,
    indent_level: usize,
    /// configparser collects bad lines and raises only at the end of the
    /// file, so any fatal error met before then is what gets reported.
    deferred: Option<IniError>,
}

impl Reader {
    pub(super) fn read(mut self, text: &str) -> Result<RawIni, IniError> {
        for (index, line) in split_lines(text).into_iter().enumerate() {
            self.line(index + 1, line)?;
        }
        if let Some(err) = self.deferred {
            return Err(err);
        }
        Ok(RawIni {
            defaults: self.defaults,
            sections: self.sections,
        })
    }

    fn current(&mut self) -> Option<&mut RawSection> {
        match self.cursect? {
            Target::Default => Some(&mut self.defaults),
            Target::Section(i) => Some(&mut self.sections[i]),
        }
    }

    /// Extends the current option's value, if there is one to extend.
    fn continue_value(&mut self, part: &str) -> bool {
        let Some(opt) = self.optname else {
            return false;
        };
        match self.current() {
            Some(sect) => {
                sect.options[opt].parts.push(part.to_owned());
                true
            }
            None => false,
        }
    }

    fn line(&mut self, lineno: usize, line: &str) -> Result<(), IniError> {
        let value = py_strip(line);
        // Comment prefixes are tested on the stripped line, so an indented
        // comment is a comment too, even inside a multi-line value.
        let is_comment = value.starts_with('#') || value.starts_with(';');
        if value.is_empty() || is_comment {
            // empty_lines_in_values=True: a blank (not comment) line is part
            // of the value being read; trailing ones are dropped when joining.
            if !is_comment {
                self.continue_value("");
            }
            return Ok(());
        }

        let indent = line.chars().take_while(|&c| is_py_space(c)).count();
        if indent > self.indent_level && self.continue_value(value) {
            return Ok(());
        }
        // Even a line that turns out to be bad sets the indentation that
        // later continuation lines are measured against.
        self.indent_level = indent;

        if let Some(name) = section_header(value) {
            self.header(lineno, name)?;
            return Ok(());
        }
        let Some(target) = self.cursect else {
            return Err(IniError {
                line: lineno,
                kind: IniErrorKind::MissingSectionHeader {
                    text: value.to_owned(),
                },
            });
        };
        // configparser's OPTCRE: the first `=` or `:` splits the line.
        let Some(delim) = value.find(['=', ':']) else {
            let kind = if value.starts_with('[') {
                IniErrorKind::Syntax {
                    text: value.to_owned(),
                }
            } else {
                IniErrorKind::OptionWithoutValue {
                    text: value.to_owned(),
                }
            };
            self.defer(lineno, kind);
            return Ok(());
        };
        let name = value[..delim].trim_end_matches(is_py_space);
        let optval = py_strip(&value[delim + 1..]);
        if name.is_empty() {
            // configparser records the error but still stores the option
            // under the name "", so a second such line in the same section is
            // a DuplicateOptionError raised on the spot.
            self.defer(
                lineno,
                IniErrorKind::Syntax {
                    text: value.to_owned(),
                },
            );
        }
        let name = name.to_lowercase();
        let sect = match target {
            Target::Default => &mut self.defaults,
            Target::Section(i) => &mut self.sections[i],
        };
        if !sect.seen.insert(name.clone()) {
            return Err(IniError {
                line: lineno,
                kind: IniErrorKind::DuplicateOption {
                    section: sect.name.clone(),
                    option: name,
                },
            });
        }
        self.optname = (!name.is_empty()).then_some(sect.options.len());
        sect.options.push(RawOption {
            name,
            parts: vec![optval.to_owned()],
            line: lineno,
        });
        Ok(())
    }

    fn header(&mut self, lineno: usize, name: &str) -> Result<(), IniError> {
        if self.by_name.contains_key(name) {
            return Err(IniError {
                line: lineno,
                kind: IniErrorKind::DuplicateSection {
                    section: name.to_owned(),
                },
            });
        }
        if name == DEFAULT_SECTION {
            // DEFAULT is not in configparser's section table, so repeating
            // its header is allowed; its options still may not repeat.
            self.defaults.name = DEFAULT_SECTION.to_owned();
            self.cursect = Some(Target::Default);
        } else {
            self.by_name.insert(name.to_owned(), self.sections.len());
            self.cursect = Some(Target::Section(self.sections.len()));
            self.sections.push(RawSection {
                name: name.to_owned(),
                line: lineno,
                ..RawSection::default()
            });
        }
        self.optname = None;
        Ok(())
    }

    fn defer(&mut self, line: usize, kind: IniErrorKind) {
        if self.deferred.is_none() {
            self.deferred = Some(IniError { line, kind });
        }
    }
}

/// The file as read, values joined but not yet interpolated.
pub(super) struct RawIni {
    defaults: RawSection,
    sections: Vec<RawSection>,
}

impl RawIni {
    pub(super) fn into_ini(self) -> Ini {
        let budget = Arc::new(AtomicUsize::new(INTERPOLATION_BUDGET));
        let defaults: Vec<Item> = self
            .defaults
            .options
            .iter()
            .map(|o| Item {
                name: o.name.clone(),
                line: o.line,
                inherited: true,
                raw: o.value(),
                read: OnceLock::new(),
            })
            .collect();
        let sections = self
            .sections
            .iter()
            .map(|raw| {
                // configparser's items(): `d = defaults.copy(); d.update(own)`,
                // so inherited names keep DEFAULT's order and own ones follow.
                let mut items = defaults.clone();
                let mut index: HashMap<String, usize> = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| (item.name.clone(), i))
                    .collect();
                for opt in &raw.options {
                    let item = Item {
                        name: opt.name.clone(),
                        line: opt.line,
                        inherited: false,
                        raw: opt.value(),
                        read: OnceLock::new(),
                    };
                    match index.get(&opt.name) {
                        Some(&i) => items[i] = item,
                        None => {
                            index.insert(opt.name.clone(), items.len());
                            items.push(item);
                        }
                    }
                }
                Section {
                    name: raw.name.clone(),
                    line: raw.line,
                    items,
                    index,
                    budget: Arc::clone(&budget),
                }
            })
            .collect();
        Ini { sections }
    }
}
