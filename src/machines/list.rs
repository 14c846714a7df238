//! The listings of `provctl machines`: `$1` is the client (see `db::clients::listing`), `$2` the age
//! in seconds past which a machine is stale (NULL: every machine).

use std::time::Duration;

/// The columns, in order; the client's id and name close each row (shown when not filtered by client).
pub const COLUMNS: [&str; 8] = [
    "id",
    "hostname",
    "fingerprint",
    "is_active",
    "registered_at",
    "last_seen",
    "client_id",
    "client",
];

/// Newest registered first; with `--stale`, the longest silent first. A machine that never reported
/// (`last_seen` NULL) counts from its registration.
pub fn sql(client_cond: &str, stale: bool) -> String {
    let order = if stale {
        "coalesce(m.last_seen, m.registered_at), m.id"
    } else {
        "m.registered_at DESC, m.id"
    };
    format!(
        "SELECT m.id::text AS id, m.hostname, m.fingerprint, m.is_active, m.registered_at, m.last_seen, \
                m.client_id::text AS client_id, c.name AS client \
         FROM machines m LEFT JOIN clients c ON c.id = m.client_id \
         WHERE {client_cond} \
           AND ($2::float8 IS NULL OR coalesce(m.last_seen, m.registered_at) < now() - $2::float8 * interval '1 second') \
         ORDER BY {order}"
    )
}

/// The longest `--stale` accepted: beyond it the interval arithmetic would overflow.
const MAX_STALE: Duration = Duration::from_secs(100 * 366 * 24 * 3600);

/// `--stale DURATION`: `30m`, `2h`, `7d`, `1h 30m`… (humantime's forms).
pub fn parse_stale(text: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(text.trim()).map_err(|e| {
        format!(
            "`{}` is not a duration ({e}): write it like 30m, 2h or 7d",
            crate::ui::output::escape(text)
        )
    })?;
    if d > MAX_STALE {
        return Err("more than 100 years".to_string());
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_durations() {
        assert_eq!(parse_stale("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_stale("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_stale("7d"), Ok(Duration::from_secs(7 * 86400)));
        assert_eq!(parse_stale("1h 30m"), Ok(Duration::from_secs(5400)));
        for bad in ["", "7", "soon", "-2h", "1000y"] {
            assert!(parse_stale(bad).is_err(), "{bad:?}");
        }
    }
}
