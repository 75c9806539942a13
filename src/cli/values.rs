//! Parsers for option values clap has no type for (`--interval`, `--compress`): each says in
//! one sentence what it expected.

use std::time::Duration;

use zsplice_stream::Codec;

pub fn parse_codec(s: &str) -> Result<Codec, String> {
    Codec::parse(s)
}

/// Shortest and longest `daemon --interval`.
const INTERVAL_BOUNDS: (Duration, Duration) = (Duration::from_secs(1), Duration::from_secs(3600));

/// A `daemon --interval`: a humantime duration (`20s`, `5m`, `1m 30s`) or plain seconds (`20`),
/// from 1s to 1h.
pub fn parse_interval(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let d = match t.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => humantime::parse_duration(t)
            .map_err(|_| "expected a duration such as 20s or 5m, or plain seconds".to_string())?,
    };
    let (min, max) = INTERVAL_BOUNDS;
    if d < min || d > max {
        return Err("the interval must be from 1s to 1h".to_string());
    }
    Ok(d)
}
