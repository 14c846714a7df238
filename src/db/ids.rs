//! Row ids: the platform generates uuids client-side (its columns have no default), and an operator may
//! name a client by its id. Both through the `uuid` crate.

/// A random (v4) uuid, hyphenated lower-case, drawn from the OS generator.
pub fn new_uuid() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

/// Whether `s` is a uuid in its canonical (or undashed) text form. `Uuid::try_parse` also takes the
/// braced and `urn:uuid:` forms; those stay names here, as they always were.
pub fn is_uuid(s: &str) -> bool {
    (s.len() == 32 || s.len() == 36) && uuid::Uuid::try_parse(s).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_random_v4_uuids_in_canonical_form() {
        let id = new_uuid();
        let parsed = uuid::Uuid::try_parse(&id).expect("a uuid");
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(id, parsed.hyphenated().to_string(), "lower-case, hyphenated");
        assert!(is_uuid(&id));
        assert_ne!(id, new_uuid());
        assert!(!is_uuid(&format!("{{{id}}}")), "a braced uuid stays a name");
    }
}
