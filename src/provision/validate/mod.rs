//! The validator: reads an INI's options as configparser does (interpolating only what is read) and
//! turns them into a [`Spec`], refusing (exit 2, file:line:field) what the platform script would
//! accept and then fail on, or silently get wrong. The per-section readers are in [`sections`].

mod names;
mod sections;

use crate::error::{Error, Result};
use crate::provision::ini::{Ini, Item, Section};
use crate::provision::{field_error, read_error, Field, Spec};
use crate::secrets::secret::{check_password, SecretString};
use std::path::Path;

/// An option as provision read it: its value after interpolation, and where it is.
#[derive(Debug, Clone, Copy)]
struct Opt<'a> {
    name: &'a str,
    value: &'a str,
    line: usize,
}

pub(super) struct Validator<'a> {
    pub(super) path: &'a Path,
    pub(super) ini: &'a Ini,
    pub(super) warnings: Vec<String>,
}

impl Validator<'_> {
    fn err(&self, line: usize, section: &str, field: &str, msg: impl std::fmt::Display) -> Error {
        field_error(self.path, line, section, field, msg)
    }

    fn section(&self, name: &str) -> Option<&Section> {
        self.ini.section(name)
    }

    /// Reads an option (this is where configparser interpolates it, so an option nobody reads may hold
    /// anything); `None` when absent. A bad `%` in it is exit 2 naming file, line and field.
    fn opt<'s>(&self, section: Option<&'s Section>, name: &str) -> Result<Option<Opt<'s>>> {
        let Some(s) = section else { return Ok(None) };
        s.get(name).map(|e| self.value_of(s, e)).transpose()
    }

    /// Reads one listed option of `s` (`target_*`, `key_NN`).
    fn read<'s>(&self, s: &'s Section, item: &'s Item) -> Result<Opt<'s>> {
        self.value_of(s, s.read(item))
    }

    fn value_of<'s>(&self, s: &'s Section, e: crate::provision::ini::Entry<'s>) -> Result<Opt<'s>> {
        match e.value {
            Ok(value) => Ok(Opt {
                name: e.name,
                value,
                line: e.line,
            }),
            Err(err) => Err(self.err(e.line, s.name(), e.name, read_error(&err.kind))),
        }
    }

    fn required(&self, section_name: &str, name: &'static str) -> Result<Field<String>> {
        let section = self.section(section_name).ok_or_else(|| {
            // A near-miss (`[Client]`) was refused as an unknown section before this.
            Error::usage(format!(
                "{}: missing section [{section_name}]",
                self.path.display()
            ))
        })?;
        match self.opt(Some(section), name)? {
            Some(e) if !e.value.trim().is_empty() => Ok(Field {
                value: e.value.trim().to_string(),
                line: e.line,
                name,
            }),
            Some(e) => Err(self.err(e.line, section_name, name, "is empty")),
            None => Err(self.err(section.line(), section_name, name, "is required")),
        }
    }

    fn int(
        &self,
        section: &str,
        e: Option<Opt<'_>>,
        name: &'static str,
        default: i64,
        min: i64,
    ) -> Result<(i64, usize)> {
        let Some(e) = e else { return Ok((default, 0)) };
        let v = e.value.trim();
        if v.is_empty() {
            return Ok((default, e.line));
        }
        let n: i64 = v.parse().map_err(|_| {
            self.err(
                e.line,
                section,
                name,
                format!("`{}` is not an integer", crate::ui::output::escape(v)),
            )
        })?;
        if n < min || n > i64::from(i32::MAX) {
            return Err(self.err(
                e.line,
                section,
                name,
                format!("{n} is out of range (at least {min})"),
            ));
        }
        Ok((n, e.line))
    }

    fn boolean(&self, section: &str, line: usize, name: &str, v: &str, default: bool) -> Result<bool> {
        match v.trim().to_ascii_lowercase().as_str() {
            "" => Ok(default),
            "1" | "true" | "yes" | "y" | "on" => Ok(true),
            "0" | "false" | "no" | "n" | "off" => Ok(false),
            other => Err(self.err(
                line,
                section,
                name,
                format!(
                    "`{}` is not a boolean (1/true/yes/y/on or 0/false/no/n/off)",
                    crate::ui::output::escape(other)
                ),
            )),
        }
    }

    /// The shape check; whether the platform's login accepts the address is the plan's warning.
    fn email(&self, section: &str, f: &Field<String>) -> Result<()> {
        check_email(&f.value).map_err(|m| self.err(f.line, section, f.name, m))
    }

    /// An admin e-mail the platform's login refuses (422) or can never find (401): provisioned as
    /// written, as the script does, but the plan says so — that admin could never log in.
    fn login_warning(&mut self, f: &Field<String>) {
        let Some(problem) = crate::platform::login::problem(&f.value) else {
            return;
        };
        let what = match problem.status() {
            422 => format!("refuses `{}` (422)", f.value),
            _ => format!("never finds `{}`", f.value),
        };
        let fix = match problem {
            crate::platform::login::Problem::CapitalsInDomain => {
                format!(
                    "; write it `{}` in the INI",
                    crate::platform::login::lookup_form(&f.value)
                )
            }
            _ => "; use an address under a real domain".to_string(),
        };
        self.warnings.push(format!(
            "{}:{}: [admin] {}: the platform's login {what}: {}; this admin can never log in{fix}",
            self.path.display(),
            f.line,
            f.name,
            problem.why()
        ));
    }

    pub(super) fn spec(mut self) -> Result<Spec> {
        // First: a typo'd name would otherwise be reported as the option it misses (`emial =`).
        self.check_names()?;
        let client_name = self.required("client", "name")?;
        let client_email = match self.opt(self.section("client"), "email")? {
            Some(e) if !e.value.trim().is_empty() => {
                let f = Field {
                    value: e.value.trim().to_string(),
                    line: e.line,
                    name: "email",
                };
                self.email("client", &f)?;
                Field {
                    value: Some(f.value),
                    line: f.line,
                    name: "email",
                }
            }
            e => Field {
                value: None,
                line: e.map_or(0, |e| e.line),
                name: "email",
            },
        };
        let admin_email = self.required("admin", "email")?;
        self.email("admin", &admin_email)?;
        self.login_warning(&admin_email);
        let admin = self.section("admin");
        let admin_role = match self.opt(admin, "role")? {
            Some(e) if !e.value.trim().is_empty() => Field {
                value: e.value.trim().to_string(),
                line: e.line,
                name: "role",
            },
            e => Field {
                value: "admin_client".to_string(),
                line: e.map_or(0, |e| e.line),
                name: "role",
            },
        };
        let admin_password = match self.opt(admin, "password")? {
            Some(e) if !e.value.trim().is_empty() => {
                let p = SecretString::new(e.value.trim().to_string());
                check_password(&p, "the password")
                    .map_err(|err| self.err(e.line, "admin", "password", err.message))?;
                Some(Field {
                    value: p,
                    line: e.line,
                    name: "password",
                })
            }
            _ => None,
        };
        let keys = self.keys()?;
        let key_length = self.key_length()?;
        let settings = self.settings(&admin_email.value)?;
        let targets = self.targets()?;
        Ok(Spec {
            path: self.path.to_path_buf(),
            client_name,
            client_email,
            admin_email,
            admin_role,
            admin_password,
            keys,
            key_length,
            settings,
            targets,
            warnings: self.warnings,
        })
    }
}

/// `key_01` → 1.
fn key_index(option: &str) -> Option<u32> {
    let digits = option.strip_prefix("key_")?;
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// The shape of an email address: one `@`, something on each side, no spaces or controls.
pub fn check_email(e: &str) -> std::result::Result<(), String> {
    let bad = || {
        Err(format!(
            "`{}` is not an email address",
            crate::ui::output::escape(e)
        ))
    };
    if e.chars().any(|c| c.is_whitespace() || c.is_control()) || e.matches('@').count() != 1 {
        return bad();
    }
    let (local, domain) = e.split_once('@').unwrap_or_default();
    if local.is_empty()
        || domain.is_empty()
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return bad();
    }
    Ok(())
}
