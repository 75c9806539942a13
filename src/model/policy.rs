//! A task's policies as values: the naming schema of the snapshots it takes, when it runs
//! (schedule) and what it keeps at the destination (retention), plus the pure choice of which
//! destination snapshots retention removes. Parsing validates everything at `task create`, so a
//! bad cron line or duration never reaches a run.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Timelike};

/// The default naming schema, as in TrueNAS periodic snapshot tasks.
pub const DEFAULT_NAMING_SCHEMA: &str = "auto-%Y-%m-%d_%H-%M";

/// The times a naming schema is tried at (year, month, day, hour, minute, second, nanosecond):
/// every field at its widest and at one digit, a leap day, seconds and fractions that are not
/// zero.
const SAMPLE_TIMES: [(i32, u32, u32, u32, u32, u32, u32); 3] = [
    (2026, 12, 31, 23, 59, 58, 987_654_321),
    (2027, 1, 2, 3, 4, 5, 12_345_678),
    (2028, 2, 29, 10, 0, 0, 0),
];

/// Why a policy value was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("naming schema '{schema}': {reason}")]
    NamingSchema { schema: String, reason: String },
    #[error(
        "schedule '{schedule}': {reason} (use 'once' or a 5-field cron line such as '0 * * * *')"
    )]
    Schedule { schedule: String, reason: String },
    #[error("retention '{retention}': {reason} (use 'source', 'none' or a duration such as 2w, 36h, 1y)")]
    Retention { retention: String, reason: String },
    #[error("source retention '{retention}': {reason} (use 'none', a count such as 24 for the newest 24, or a duration such as 2w)")]
    SourceRetention { retention: String, reason: String },
    #[error("invalid task name '{name}': {reason}")]
    TaskName { name: String, reason: &'static str },
    /// A task definition that does not hold together (sources overlapping, a bad property
    /// name...): the sentence says what and where.
    #[error("{0}")]
    Task(String),
    #[error("{what} '{value}': {reason}")]
    Option {
        what: &'static str,
        value: String,
        reason: String,
    },
}

/// A strftime pattern for snapshot names. It must contain the year, month, day, hour and
/// minute so names sort and parse back into times, like TrueNAS naming schemas.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NamingSchema(String);

impl NamingSchema {
    pub fn new(schema: &str) -> Result<NamingSchema, PolicyError> {
        let bad = |reason: String| PolicyError::NamingSchema {
            schema: schema.into(),
            reason,
        };
        if schema.is_empty() {
            return Err(bad("is empty".into()));
        }
        if StrftimeItems::new(schema).any(|i| matches!(i, Item::Error)) {
            let token = unknown_token(schema).unwrap_or_else(|| "%".into());
            return Err(bad(format!(
                "'{token}' is not a strftime token zsplice knows"
            )));
        }
        for needed in ["%Y", "%m", "%d", "%H", "%M"] {
            if !schema.contains(needed) {
                return Err(bad(format!(
                    "must contain {needed} (year, month, day, hour and minute are all needed)"
                )));
            }
        }
        // Snapshots are named in local time, so the samples carry an offset as local times do
        // ("%Z" says "UTC" for a UTC time but "+01:00" for a local one). Each name must also
        // read back as the time it was made at, or `matches` would not know the task's own
        // snapshots (the property fuzz/fuzz_targets/task_config.rs checks): "%-d%Y-..." makes
        // January 2 "22027-..." (the 22nd), and names with "%s" or "%.3f" do not parse back.
        let offset = FixedOffset::east_opt(3600).expect("in range");
        for (y, mo, d, h, mi, sec, nano) in SAMPLE_TIMES {
            let Some(local) = NaiveDate::from_ymd_opt(y, mo, d)
                .and_then(|day| day.and_hms_nano_opt(h, mi, sec, nano))
            else {
                continue;
            };
            let Some(t) = offset.from_local_datetime(&local).single() else {
                continue;
            };
            let sample = t.format(schema).to_string();
            if let Some(c) = sample
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || "-_.: ".contains(*c)))
            {
                return Err(bad(format!(
                    "gives names with '{c}', which ZFS does not allow in a snapshot name"
                )));
            }
            if sample.len() > 200 {
                return Err(bad("gives names that are too long".into()));
            }
            if !reads_back(schema, &sample, &local) {
                return Err(bad(format!(
                    "gives names such as '{sample}' that do not read back as the time they \
                     were made at"
                )));
            }
        }
        Ok(NamingSchema(schema.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The snapshot name for time `t`.
    pub fn format<Tz: TimeZone>(&self, t: &DateTime<Tz>) -> String
    where
        Tz::Offset: fmt::Display,
    {
        t.format(&self.0).to_string()
    }

    /// Whether a snapshot's short name was made by this schema.
    pub fn matches(&self, name: &str) -> bool {
        let mut parsed = Parsed::new();
        chrono::format::parse(&mut parsed, name, StrftimeItems::new(&self.0)).is_ok()
            && parsed.to_naive_datetime_with_offset(0).is_ok()
    }
}

/// Whether `name`, made by `schema` at `at`, parses back as the same minute.
fn reads_back(schema: &str, name: &str, at: &NaiveDateTime) -> bool {
    let mut parsed = Parsed::new();
    chrono::format::parse(&mut parsed, name, StrftimeItems::new(schema)).is_ok()
        && parsed
            .to_naive_datetime_with_offset(0)
            .is_ok_and(|t| (t.date(), t.hour(), t.minute()) == (at.date(), at.hour(), at.minute()))
}

/// The first `%x` sequence chrono does not understand, for the error message.
fn unknown_token(schema: &str) -> Option<String> {
    let bytes: Vec<char> = schema.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == '%' {
            let end = (i + 2).min(bytes.len());
            let tok: String = bytes[i..end].iter().collect();
            if StrftimeItems::new(&tok).any(|it| matches!(it, Item::Error)) {
                return Some(tok);
            }
            i = end;
        } else {
            i += 1;
        }
    }
    None
}

impl Default for NamingSchema {
    fn default() -> Self {
        NamingSchema(DEFAULT_NAMING_SCHEMA.into())
    }
}

impl TryFrom<String> for NamingSchema {
    type Error = PolicyError;
    fn try_from(s: String) -> Result<Self, PolicyError> {
        NamingSchema::new(&s)
    }
}

impl From<NamingSchema> for String {
    fn from(s: NamingSchema) -> String {
        s.0
    }
}

impl fmt::Display for NamingSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// When a task runs under the daemon.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Schedule {
    /// A single time, as soon as the daemon sees the task.
    Once,
    /// A standard 5-field cron line, in local time.
    Cron(String),
}

impl Schedule {
    fn cron(line: &str) -> Result<croner::Cron, PolicyError> {
        croner::Cron::from_str(line).map_err(|e| PolicyError::Schedule {
            schedule: line.into(),
            reason: e.to_string(),
        })
    }

    /// The first time strictly after `after` that the schedule fires; None for `once`.
    pub fn next_after<Tz: TimeZone>(&self, after: &DateTime<Tz>) -> Option<DateTime<Tz>> {
        match self {
            Schedule::Once => None,
            Schedule::Cron(line) => Schedule::cron(line)
                .ok()?
                .find_next_occurrence(after, false)
                .ok(),
        }
    }
}

impl FromStr for Schedule {
    type Err = PolicyError;
    fn from_str(s: &str) -> Result<Schedule, PolicyError> {
        let s = s.trim();
        if s == "once" {
            return Ok(Schedule::Once);
        }
        if s.split_whitespace().count() != 5 {
            return Err(PolicyError::Schedule {
                schedule: s.into(),
                reason: format!("has {} fields, not 5", s.split_whitespace().count()),
            });
        }
        let cron = Schedule::cron(s)?;
        // croner skips empty list items, so a field of commas matches nothing, and a date like
        // February 30 never comes: such a line parses but never fires, and looking for its next
        // time searches until the year 5000 each time (found by fuzzing, as a slow input). The
        // cheap checks first; then a line must fire at least once after a fixed time (a line
        // that can fire does so within eight years, February 29 included).
        let never = |reason: &str| {
            Err(PolicyError::Schedule {
                schedule: s.into(),
                reason: reason.into(),
            })
        };
        let p = &cron.pattern;
        if [&p.minutes, &p.hours, &p.months]
            .iter()
            .any(|field| field.values().is_empty())
        {
            return never("a field matches no time at all");
        }
        let from = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single();
        if from.is_some_and(|from| cron.find_next_occurrence(&from, false).is_err()) {
            return never("it matches no date, so it would never run");
        }
        Ok(Schedule::Cron(s.into()))
    }
}

impl TryFrom<String> for Schedule {
    type Error = PolicyError;
    fn try_from(s: String) -> Result<Self, PolicyError> {
        s.parse()
    }
}

impl From<Schedule> for String {
    fn from(s: Schedule) -> String {
        s.to_string()
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::Once => f.write_str("once"),
            Schedule::Cron(line) => f.write_str(line),
        }
    }
}

/// What a task keeps at the destination.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Retention {
    /// Mirror the source: remove destination snapshots the source no longer has.
    Source,
    /// Keep everything forever.
    None,
    /// Remove snapshots older than this (by their creation time).
    Keep { text: String, duration: Duration },
}

impl FromStr for Retention {
    type Err = PolicyError;
    fn from_str(s: &str) -> Result<Retention, PolicyError> {
        match s.trim() {
            "source" => Ok(Retention::Source),
            "none" => Ok(Retention::None),
            text => {
                let duration =
                    humantime::parse_duration(text).map_err(|e| PolicyError::Retention {
                        retention: text.into(),
                        reason: e.to_string(),
                    })?;
                if duration < Duration::from_secs(60) {
                    return Err(PolicyError::Retention {
                        retention: text.into(),
                        reason: "is shorter than a minute".into(),
                    });
                }
                Ok(Retention::Keep {
                    text: text.into(),
                    duration,
                })
            }
        }
    }
}

impl TryFrom<String> for Retention {
    type Error = PolicyError;
    fn try_from(s: String) -> Result<Self, PolicyError> {
        s.parse()
    }
}

impl From<Retention> for String {
    fn from(r: Retention) -> String {
        r.to_string()
    }
}

impl fmt::Display for Retention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Retention::Source => f.write_str("source"),
            Retention::None => f.write_str("none"),
            Retention::Keep { text, .. } => f.write_str(text),
        }
    }
}

/// A destination snapshot as retention sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptSnapshot {
    /// The short name (after '@').
    pub name: String,
    pub guid: u64,
    /// Creation time in seconds since the epoch (a received snapshot keeps the source's).
    pub creation: u64,
    /// Number of user holds on it.
    pub holds: u64,
}

/// The destination snapshots `policy` removes. Only snapshots named by this task's `schema` are
/// candidates (anything else was made by someone else); never the newest snapshot common with
/// the source (`base_guid`, the next incremental's base), never a held one.
pub fn expired<'a>(
    policy: &Retention,
    schema: &NamingSchema,
    destination: &'a [KeptSnapshot],
    source_guids: &HashSet<u64>,
    base_guid: Option<u64>,
    now: u64,
) -> Vec<&'a KeptSnapshot> {
    destination
        .iter()
        .filter(|s| schema.matches(&s.name))
        .filter(|s| Some(s.guid) != base_guid && s.holds == 0)
        .filter(|s| match policy {
            Retention::None => false,
            Retention::Source => !source_guids.contains(&s.guid),
            Retention::Keep { duration, .. } => s.creation.saturating_add(duration.as_secs()) < now,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming_schema_formats_and_recognises_its_names() {
        let s = NamingSchema::default();
        let t = chrono::Utc.with_ymd_and_hms(2026, 11, 25, 9, 5, 0).unwrap();
        assert_eq!(s.format(&t), "auto-2026-11-25_09-05");
        assert!(s.matches("auto-2026-11-25_09-05"));
        assert!(!s.matches("auto-2026-11-25"));
        assert!(!s.matches("manual-2026-11-25_09-05"));
        assert!(!s.matches("auto-2026-11-25_09-05-extra"));
        let secs = NamingSchema::new("z-%Y%m%d-%H%M%S").unwrap();
        assert!(secs.matches("z-20261125-090501"));
    }

    #[test]
    fn naming_schema_rejects_unknown_tokens_and_bad_characters() {
        let e = NamingSchema::new("auto-%Y-%m-%d_%H-%M-%Q").unwrap_err();
        assert_eq!(
            e.to_string(),
            "naming schema 'auto-%Y-%m-%d_%H-%M-%Q': '%Q' is not a strftime token zsplice knows"
        );
        let e = NamingSchema::new("auto-%Y-%m-%d").unwrap_err();
        assert!(e.to_string().contains("must contain %H"), "{e}");
        let e = NamingSchema::new("a/%Y-%m-%d_%H-%M").unwrap_err();
        assert!(e.to_string().contains("'/'"), "{e}");
        assert!(NamingSchema::new("").is_err());
        let json: Result<NamingSchema, _> = serde_json::from_str("\"x-%Y\"");
        assert!(json.is_err());
    }

    #[test]
    fn schedules_parse_and_fire() {
        assert_eq!("once".parse::<Schedule>().unwrap(), Schedule::Once);
        let hourly: Schedule = "0 * * * *".parse().unwrap();
        let t = chrono::Utc.with_ymd_and_hms(2026, 11, 25, 9, 5, 0).unwrap();
        let next = hourly.next_after(&t).unwrap();
        assert_eq!(
            next,
            chrono::Utc
                .with_ymd_and_hms(2026, 11, 25, 10, 0, 0)
                .unwrap()
        );
        assert_eq!(Schedule::Once.next_after(&t), None);
        let e = "61 * * * *".parse::<Schedule>().unwrap_err().to_string();
        assert!(e.starts_with("schedule '61 * * * *': "), "{e}");
        let e = "* * *".parse::<Schedule>().unwrap_err().to_string();
        assert!(e.contains("has 3 fields, not 5"), "{e}");
    }

    #[test]
    fn schedules_that_never_fire_are_refused() {
        // Found by fuzzing (fuzz/fuzz_targets/task_config.rs, a slow input): a minute field of
        // a lone comma parsed, matched no minute, and each next_after searched until the year
        // 5000 (seconds under the fuzzer's sanitizer, ~0.1 s natively) and found nothing.
        let line = std::str::from_utf8(b", 2 * * 1").unwrap();
        let e = line.parse::<Schedule>().unwrap_err().to_string();
        assert!(e.contains("matches no time"), "{e}");
        let e = "0 0 30 2 *".parse::<Schedule>().unwrap_err().to_string();
        assert!(e.contains("never run"), "{e}");
        // Rare but real dates still parse.
        let leap: Schedule = "0 0 29 2 *".parse().unwrap();
        let t = chrono::Utc.with_ymd_and_hms(2096, 3, 1, 0, 0, 0).unwrap();
        assert_eq!(
            leap.next_after(&t).unwrap(),
            chrono::Utc.with_ymd_and_hms(2104, 2, 29, 0, 0, 0).unwrap()
        );
    }

    #[test]
    fn naming_schemas_whose_names_do_not_read_back_are_refused() {
        // These were accepted, but the names they make are not recognised by `matches` (so not
        // by the task that made them), or contain '+' once formatted in local time as the runner
        // does: the property fuzz/fuzz_targets/task_config.rs checks.
        for (schema, want) in [
            (&b"%-d%Y-%m-%d_%H-%M"[..], "do not read back"),
            (b"%Y-%m-%d_%H-%M-%s", "do not read back"),
            (b"%Y-%m-%d_%H-%M-%.3f", "do not read back"),
            (b"%Y-%m-%d_%H-%M-%Z", "'+'"),
        ] {
            let schema = std::str::from_utf8(schema).unwrap();
            let e = NamingSchema::new(schema).unwrap_err().to_string();
            assert!(e.contains(want), "{schema}: {e}");
        }
        for schema in [
            "%Y%m%d%H%M",
            "%Y-%m-%d_%H-%M-%S.%f",
            "x %e %Y %m %d %H %M %a",
        ] {
            let s = NamingSchema::new(schema).unwrap();
            let t = chrono::Local::now();
            assert!(s.matches(&s.format(&t)), "{schema}");
        }
    }

    #[test]
    fn retention_parses_durations() {
        assert_eq!("source".parse::<Retention>().unwrap(), Retention::Source);
        assert_eq!("none".parse::<Retention>().unwrap(), Retention::None);
        let Retention::Keep { duration, .. } = "2w".parse::<Retention>().unwrap() else {
            panic!()
        };
        assert_eq!(duration, Duration::from_secs(14 * 86_400));
        assert!("2 fortnights".parse::<Retention>().is_err());
        assert!("10s".parse::<Retention>().is_err());
        let r: Retention = serde_json::from_str("\"36h\"").unwrap();
        assert_eq!(r.to_string(), "36h");
    }

    fn kept(name: &str, guid: u64, creation: u64, holds: u64) -> KeptSnapshot {
        KeptSnapshot {
            name: name.into(),
            guid,
            creation,
            holds,
        }
    }

    #[test]
    fn retention_never_removes_the_base_held_or_foreign_snapshots() {
        let schema = NamingSchema::default();
        let day = 86_400;
        let now = 100 * day;
        let dest = vec![
            kept("auto-2026-01-01_00-00", 1, now - 30 * day, 0), // expired
            kept("auto-2026-01-02_00-00", 2, now - 29 * day, 1), // expired but held
            kept("manual", 3, now - 28 * day, 0),                // not ours
            kept("auto-2026-01-04_00-00", 4, now - 27 * day, 0), // expired but the base
            kept("auto-2026-02-01_00-00", 5, now - day, 0),      // young
        ];
        let source: HashSet<u64> = [4, 5].into();
        let week: Retention = "1w".parse().unwrap();
        let names = |v: Vec<&KeptSnapshot>| v.iter().map(|s| s.guid).collect::<Vec<_>>();
        assert_eq!(
            names(expired(&week, &schema, &dest, &source, Some(4), now)),
            vec![1]
        );
        assert_eq!(
            names(expired(
                &Retention::Source,
                &schema,
                &dest,
                &source,
                Some(4),
                now
            )),
            vec![1]
        );
        assert!(expired(&Retention::None, &schema, &dest, &source, Some(4), now).is_empty());
        // Without a base, the old base is an ordinary expired snapshot.
        assert_eq!(
            names(expired(&week, &schema, &dest, &source, None, now)),
            vec![1, 4]
        );
    }
}
