//! configparser's `BasicInterpolation`, step for step, run when an option is read: `%%`, `%(name)s`,
//! a depth limit, and a work budget shared by the whole file (an interpolation bomb stops early).

use super::{IniError, IniErrorKind, MAX_INTERPOLATION_DEPTH, REFERENCE_COST};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

pub(super) enum InterpolationFailure {
    Syntax(String),
    Missing(String),
    Depth,
    TooLarge,
}

impl InterpolationFailure {
    pub(super) fn into_error(self, section: &str, option: &str, line: usize) -> IniError {
        let (section, option) = (section.to_owned(), option.to_owned());
        let kind = match self {
            InterpolationFailure::Syntax(found) => IniErrorKind::InterpolationSyntax {
                section,
                option,
                found,
            },
            InterpolationFailure::Missing(reference) => IniErrorKind::InterpolationMissingOption {
                section,
                option,
                reference,
            },
            InterpolationFailure::Depth => IniErrorKind::InterpolationDepth { section, option },
            InterpolationFailure::TooLarge => IniErrorKind::InterpolationTooLarge { section, option },
        };
        IniError { line, kind }
    }
}

/// configparser's `BasicInterpolation._interpolate_some`, step for step.
pub(super) struct Interpolation<'a> {
    /// Raw (joined, unexpanded) values by lower-cased name: the section's
    /// options over DEFAULT's.
    pub(super) map: &'a HashMap<&'a str, &'a str>,
    /// What is left of the file's budget.
    pub(super) budget: &'a AtomicUsize,
}

impl Interpolation<'_> {
    fn spend(&mut self, amount: usize) -> Result<(), InterpolationFailure> {
        self.budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(amount)
            })
            .map(|_| ())
            .map_err(|_| InterpolationFailure::TooLarge)
    }

    pub(super) fn interpolate(
        &mut self,
        mut rest: &str,
        depth: usize,
        out: &mut String,
    ) -> Result<(), InterpolationFailure> {
        if depth > MAX_INTERPOLATION_DEPTH {
            return Err(InterpolationFailure::Depth);
        }
        while !rest.is_empty() {
            let Some(p) = rest.find('%') else {
                self.spend(rest.len())?;
                out.push_str(rest);
                return Ok(());
            };
            self.spend(p)?;
            out.push_str(&rest[..p]);
            rest = &rest[p..];
            if rest[1..].starts_with('%') {
                self.spend(1)?;
                out.push('%');
                rest = &rest[2..];
            } else if rest[1..].starts_with('(') {
                // _KEYCRE, `%\(([^)]+)\)s`: the name runs to the first `)`,
                // must not be empty, and the `)` must be followed by `s`.
                let reference = rest[2..]
                    .find(')')
                    .filter(|&close| close > 0 && rest[2 + close + 1..].starts_with('s'))
                    .map(|close| &rest[2..2 + close]);
                let Some(reference) = reference else {
                    return Err(InterpolationFailure::Syntax(rest.to_owned()));
                };
                rest = &rest[2 + reference.len() + 2..];
                self.spend(REFERENCE_COST)?;
                let var = reference.to_lowercase();
                let Some(value) = self.map.get(var.as_str()).copied() else {
                    return Err(InterpolationFailure::Missing(var));
                };
                if value.contains('%') {
                    self.interpolate(value, depth + 1, out)?;
                } else {
                    self.spend(value.len())?;
                    out.push_str(value);
                }
            } else {
                return Err(InterpolationFailure::Syntax(rest.to_owned()));
            }
        }
        Ok(())
    }
}

/// The names a raw value refers to with `%(name)s` (lower-cased, as looked up), read the way
/// [`Interpolation::interpolate`] reads them, without following them; `%%` is no reference, and the
/// scan stops at the first malformed `%` (reading that value is an error anyway).
pub(super) fn references(mut rest: &str) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(p) = rest.find('%') {
        rest = &rest[p + 1..];
        if let Some(r) = rest.strip_prefix('%') {
            rest = r;
        } else if let Some(r) = rest.strip_prefix('(') {
            match r
                .find(')')
                .filter(|&close| close > 0 && r[close + 1..].starts_with('s'))
            {
                Some(close) => {
                    out.push(r[..close].to_lowercase());
                    rest = &r[close + 2..];
                }
                None => break,
            }
        } else {
            break;
        }
    }
    out
}
