//! The platform login's rules for e-mail addresses (platform.md, "HTTP API" and "Passwords"), in one
//! place so that `provision` (its plan warns), `doctor` (it lists existing users), `test-login` (it
//! explains a 401/422) and the API stand-in (it answers like the platform) agree:
//!
//! * the login body's e-mail is validated by pydantic `EmailStr`: a domain without a dot, or under a
//!   special-use name (`.test`, `.local`, `.localhost`, `.invalid`, `.onion`, `.arpa`), is answered 422;
//! * the login then lower-cases the e-mail's **domain** and looks `users.email` up exactly, so a user
//!   stored as `Admin@Acme.Example` is never found: 401, whatever the password.

/// The special-use names `EmailStr` refuses, as a domain or as its suffix.
pub const SPECIAL_USE: [&str; 6] = ["arpa", "invalid", "local", "localhost", "onion", "test"];

/// Why a user with this e-mail can never log in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// 422: not an address at all (not exactly one `@`, nothing before or after it, a dot at the
    /// domain's edge, a space or control character).
    NotAnAddress,
    /// 422: the domain has no dot.
    NoDot,
    /// 422: the domain is (under) a special-use name.
    SpecialUse,
    /// 401 for ever: the domain has capitals, and the login looks up the lower-cased form.
    CapitalsInDomain,
}

impl Problem {
    /// The status the login answers for it.
    pub fn status(self) -> u16 {
        match self {
            Problem::CapitalsInDomain => 401,
            _ => 422,
        }
    }

    /// Why, as a clause that stands after "… can never log in: ".
    pub fn why(self) -> &'static str {
        match self {
            Problem::NotAnAddress => "it is not an address to the login's email validation (pydantic EmailStr)",
            Problem::NoDot => "its domain has no dot, which the login's email validation (pydantic EmailStr) refuses",
            Problem::SpecialUse => {
                "its domain is a special-use name (.test, .local, .localhost, .invalid, .onion, .arpa), which the \
                 login's email validation (pydantic EmailStr) refuses"
            }
            Problem::CapitalsInDomain => {
                "the login lower-cases the domain before an exact lookup of users.email, so an address stored \
                 with capitals in its domain is never found"
            }
        }
    }

    /// A short tag for JSON and tables.
    pub fn tag(self) -> &'static str {
        match self {
            Problem::NotAnAddress => "not-an-address",
            Problem::NoDot => "no-dot",
            Problem::SpecialUse => "special-use-domain",
            Problem::CapitalsInDomain => "capitals-in-domain",
        }
    }
}

/// What the login looks up for `email`: the address with its domain lower-cased.
pub fn lookup_form(email: &str) -> String {
    match email.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
        None => email.to_string(),
    }
}

/// Why a user stored with this e-mail could never log in, if so. A refusal (422) comes first: the
/// validation runs before the lookup.
pub fn problem(email: &str) -> Option<Problem> {
    match address_domain(email) {
        Err(p) => Some(p),
        Ok(domain) if domain.is_ascii() => ascii_domain_problem(domain),
        Ok(domain) => domain_problem(domain),
    }
}

/// The domain of an address, or why it is not an address.
fn address_domain(email: &str) -> Result<&str, Problem> {
    if email.matches('@').count() != 1 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Problem::NotAnAddress);
    }
    let (local, domain) = email.rsplit_once('@').unwrap_or_default();
    if local.is_empty() || domain.is_empty() || domain.starts_with('.') || domain.ends_with('.') {
        return Err(Problem::NotAnAddress);
    }
    Ok(domain)
}

/// [`problem`]'s rules for the domain, on its lower-cased form (as the login lower-cases it).
fn domain_problem(domain: &str) -> Option<Problem> {
    let lower = domain.to_lowercase();
    if !lower.contains('.') {
        return Some(Problem::NoDot);
    }
    if SPECIAL_USE
        .iter()
        .any(|s| lower == *s || lower.ends_with(&format!(".{s}")))
    {
        return Some(Problem::SpecialUse);
    }
    if domain != lower {
        return Some(Problem::CapitalsInDomain);
    }
    None
}

/// [`domain_problem`] for an ASCII domain, without allocating: lower-casing ASCII is
/// byte-wise, so the comparisons can ignore case instead of building the lower-cased copy (doctor runs
/// this for every user; the allocations were most of its own CPU).
fn ascii_domain_problem(domain: &str) -> Option<Problem> {
    if !domain.contains('.') {
        return Some(Problem::NoDot);
    }
    let special = SPECIAL_USE.iter().any(|s| {
        domain.eq_ignore_ascii_case(s)
            || (domain.len() > s.len()
                && domain.as_bytes()[domain.len() - s.len() - 1] == b'.'
                && domain[domain.len() - s.len()..].eq_ignore_ascii_case(s))
    });
    if special {
        return Some(Problem::SpecialUse);
    }
    if domain.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some(Problem::CapitalsInDomain);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_platform_rules() {
        for (email, want) in [
            ("admin@acme.example", None),
            ("Admin@acme.example", None),
            ("admin@sub.acme.example", None),
            ("admin@demo.test", Some(Problem::SpecialUse)),
            ("admin@DEMO.TEST", Some(Problem::SpecialUse)),
            ("admin@box.local", Some(Problem::SpecialUse)),
            ("a@x.localhost", Some(Problem::SpecialUse)),
            ("a@x.invalid", Some(Problem::SpecialUse)),
            ("a@x.onion", Some(Problem::SpecialUse)),
            ("a@1.0.0.127.in-addr.arpa", Some(Problem::SpecialUse)),
            ("a@localhost", Some(Problem::NoDot)),
            ("a@intranet", Some(Problem::NoDot)),
            ("a@testing.example", None),
            ("a@contest.example", None),
            ("Admin@Acme.Example", Some(Problem::CapitalsInDomain)),
            ("admin@acme.EXAMPLE", Some(Problem::CapitalsInDomain)),
            ("no-at-sign", Some(Problem::NotAnAddress)),
            ("@acme.example", Some(Problem::NotAnAddress)),
            ("a@", Some(Problem::NotAnAddress)),
            ("a@acme.example.", Some(Problem::NotAnAddress)),
            ("a@b@acme.example", Some(Problem::NotAnAddress)),
            ("a b@acme.example", Some(Problem::NotAnAddress)),
            ("a\u{1b}@acme.example", Some(Problem::NotAnAddress)),
        ] {
            assert_eq!(problem(email), want, "{email}");
        }
        assert_eq!(lookup_form("Admin@Acme.Example"), "Admin@acme.example");
        assert_eq!(Problem::CapitalsInDomain.status(), 401);
        assert_eq!(Problem::SpecialUse.status(), 422);
    }

    /// `problem` as it was before the ASCII path: every domain through `to_lowercase`.
    fn problem_lowercasing(email: &str) -> Option<Problem> {
        address_domain(email).map_or_else(Some, domain_problem)
    }

    #[test]
    fn the_ascii_path_answers_as_lower_casing_the_domain() {
        // Domains built from labels in several cases, special-use names as whole labels, as suffixes
        // of a label and alone, dots at the edges, non-ASCII letters whose lower case is ASCII or longer
        // (Kelvin sign, dotted capital I), and addresses that are not addresses.
        let labels = [
            "acme",
            "ACME",
            "Acme",
            "example",
            "EXAMPLE",
            "test",
            "TEST",
            "Test",
            "xtest",
            "local",
            "LOCALHOST",
            "localhost",
            "invalid",
            "onion",
            "Onion",
            "arpa",
            "in-addr",
            "1",
            "",
            "tes\u{212a}",
            "\u{130}nvalid",
            "b\u{fc}cher",
            "B\u{dc}CHER",
            "x_y",
        ];
        let mut domains: Vec<String> = Vec::new();
        for a in labels {
            domains.push(a.to_string());
            for b in labels {
                domains.push(format!("{a}.{b}"));
                for c in ["test", "ARPA", "example", ""] {
                    domains.push(format!("{a}.{b}.{c}"));
                }
            }
        }
        let mut n = 0;
        for local in ["admin", "Admin", "", "a b", "a@b"] {
            for d in &domains {
                let email = format!("{local}@{d}");
                assert_eq!(problem(&email), problem_lowercasing(&email), "{email:?}");
                n += 1;
            }
        }
        for email in [
            "no-at-sign",
            "a@",
            "@",
            "a\u{1b}@acme.example",
            "a@acme.example\n",
            "a@@b.example",
        ] {
            assert_eq!(problem(email), problem_lowercasing(email), "{email:?}");
        }
        assert!(n > 10_000);
    }
}
