//! Secrets and ids provision generates: admin passwords and API keys (uniform A–Z a–z 0–9 from the OS
//! generator). Row ids are `db::ids`.

use crate::secrets::secret::SecretString;

/// Secrets generated while applying, for the secrets file (then dropped and zeroed).
#[derive(Debug, Default)]
pub struct Generated {
    pub admin_password: Option<SecretString>,
    pub keys: Vec<(String, SecretString)>,
}

impl Generated {
    pub fn is_empty(&self) -> bool {
        self.admin_password.is_none() && self.keys.is_empty()
    }

    pub fn count(&self) -> usize {
        usize::from(self.admin_password.is_some()) + self.keys.len()
    }
}

/// Length of a generated admin password.
pub const PASSWORD_LENGTH: usize = 32;

/// The platform's generated admin password: 32 characters of A–Z a–z 0–9, as the script's
/// `gen_alphanum(32)` (its docstring's `token_urlsafe` is out of date).
pub fn generate_password() -> SecretString {
    alphanumeric(PASSWORD_LENGTH)
}

/// A generated API key: `len` characters of A–Z a–z 0–9.
pub fn generate_key(len: usize) -> SecretString {
    alphanumeric(len)
}

/// `len` characters drawn uniformly from A–Z a–z 0–9 with the OS generator (a CSPRNG). The
/// `Alphanumeric` distribution rejects out-of-range draws instead of reducing modulo 62, so there is
/// no bias. The buffer is sized up front so that no reallocation leaves a copy behind.
fn alphanumeric(len: usize) -> SecretString {
    use rand::RngExt;
    let mut rng = rand::rand_core::UnwrapErr(rand::rngs::SysRng);
    let mut s = String::with_capacity(len);
    for _ in 0..len {
        s.push(char::from(rng.sample(rand::distr::Alphanumeric)));
    }
    SecretString::new(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Generated passwords are the script's `gen_alphanum(32)`: 32 characters of A–Z a–z 0–9, each drawn
    /// uniformly. With 320 000 draws each of the 62 characters is expected ~5 161 times (σ ≈ 71); a
    /// byte-modulo-62 generator would give the first eight ~25 % more. ±10 % is 7 σ: a fair generator
    /// fails it with a probability below 10⁻¹⁰, a biased one passes it never.
    #[test]
    fn generated_passwords_are_32_uniform_alphanumerics() {
        const N: usize = 10_000;
        let mut counts: BTreeMap<char, usize> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for _ in 0..N {
            let p = generate_password();
            assert_eq!(p.expose().len(), PASSWORD_LENGTH);
            for c in p.expose().chars() {
                assert!(c.is_ascii_alphanumeric(), "{c:?}");
                *counts.entry(c).or_default() += 1;
            }
            seen.insert(p.expose().to_string());
        }
        assert_eq!(seen.len(), N, "a password repeated");
        assert_eq!(counts.len(), 62, "not every character of A–Z a–z 0–9 appears");
        let expected = (N * PASSWORD_LENGTH) as f64 / 62.0;
        for (c, n) in counts {
            let ratio = n as f64 / expected;
            assert!(
                (0.9..1.1).contains(&ratio),
                "{c:?} drawn {n} times, expected ~{expected:.0}"
            );
        }
    }
}
