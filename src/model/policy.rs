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

pub(crate) use crate::model::policy_error::duration_problem;
pub use crate::model::policy_error::{PolicyError, DEFAULT_NAMING_SCHEMA};

/// The times a naming schema is tried at (year, month, day, hour, minute, second, nanosecond):
/// every field at its widest and at one digit, a leap day, seconds and fractions that are not
/// zero.
const SAMPLE_TIMES: [(i32, u32, u32, u32, u32, u32, u32); 3] = [
    (2026, 12, 31, 23, 59, 58, 987_654_321),
    (2027, 1, 2, 3, 4, 5, 12_345_678),
    (2028, 2, 29, 10, 0, 0, 0),
];

/// A strftime pattern for snapshot names. It must contain the year, month, day, hour and
/// minute so names sort and parse back into times, like TrueNAS naming schemas.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NamingSchema(String);

impl NamingSchema {
    /// Checks `schema`; fails with [`PolicyError::NamingSchema`] when it lacks one of
    /// `%Y %m %d %H %M`, gives names ZFS refuses, or gives names that do not read back.
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
                return Err(bad(format!("must contain {needed}")));
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

    /// The strftime pattern as the user wrote it.
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
    /// A standard 5-field cron line, or one of [`SCHEDULE_NAMES`] (lower case), in local time.
    Cron(String),
}

/// The named schedules, as croner knows them (@weekly is Sunday at midnight).
pub const SCHEDULE_NAMES: [&str; 6] = [
    "@hourly",
    "@daily",
    "@weekly",
    "@monthly",
    "@yearly",
    "@annually",
];

/// The fields of a cron line: name, range, and names for values (the first is the lowest).
const CRON_FIELDS: [(&str, u16, u16, &str); 5] = [
    ("minute", 0, 59, ""),
    ("hour", 0, 23, ""),
    ("day of month", 1, 31, ""),
    (
        "month",
        1,
        12,
        "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC",
    ),
    ("day of week", 0, 7, "SUN MON TUE WED THU FRI SAT"),
];

/// What field `i` accepts, for messages: "0-59", "1-12 or JAN-DEC".
fn cron_range(i: usize) -> String {
    let (_, min, max, names) = CRON_FIELDS[i];
    match (names.split(' ').next(), names.split(' ').next_back()) {
        (Some(first), Some(last)) if !names.is_empty() => format!("{min}-{max} or {first}-{last}"),
        _ => format!("{min}-{max}"),
    }
}

/// Checks field `i` of a cron line so that a message can name the field and value (croner's
/// says "Component error: Number out of bounds."); L, W and # forms are left to croner.
fn check_cron_field(i: usize, field: &str) -> Result<(), String> {
    let (name, min, max, names) = CRON_FIELDS[i];
    let value = |text: &str| -> Result<Option<u16>, String> {
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return match text.parse::<u16>() {
                Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
                _ => Err(format!("{name} {text} is out of range ({})", cron_range(i))),
            };
        }
        let word = !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphabetic());
        if names.is_empty() || !word || text.eq_ignore_ascii_case("L") {
            return Ok(None);
        }
        match names.split(' ').position(|n| n.eq_ignore_ascii_case(text)) {
            Some(at) => Ok(Some(min + at as u16)),
            None => Err(format!(
                "{name} '{text}' is not a {name} name ({})",
                cron_range(i)
            )),
        }
    };
    for item in field.strip_prefix('+').unwrap_or(field).split(',') {
        let base = match item.split_once('/') {
            Some((base, step)) if base != "*" && !base.contains('-') => {
                return Err(format!(
                    "{name} '{item}' needs '*' or a range before the step, such as '*/{step}'"
                ))
            }
            Some((base, _)) => base,
            None => item,
        };
        match base.split_once('-') {
            Some((from, to)) => {
                if let (Some(a), Some(b)) = (value(from)?, value(to)?) {
                    if a > b {
                        return Err(format!("{name} range {from}-{to} runs backwards"));
                    }
                }
            }
            None if base == "*" => {}
            None => {
                value(base)?;
            }
        }
    }
    Ok(())
}

impl Schedule {
    /// The first time strictly after `after` that the schedule fires; None for `once`.
    pub fn next_after<Tz: TimeZone>(&self, after: &DateTime<Tz>) -> Option<DateTime<Tz>> {
        match self {
            Schedule::Once => None,
            Schedule::Cron(line) => croner::Cron::from_str(line)
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
        let bad = |reason: String| PolicyError::Schedule {
            schedule: s.into(),
            reason,
        };
        if s == "once" {
            return Ok(Schedule::Once);
        }
        if s.starts_with('@') {
            // Stored as the name, in lower case: croner reads it as its cron line.
            return match SCHEDULE_NAMES.iter().find(|n| n.eq_ignore_ascii_case(s)) {
                Some(name) => Ok(Schedule::Cron((*name).into())),
                None => Err(bad("is not a schedule name zsplice knows".into())),
            };
        }
        let fields: Vec<&str> = s.split_whitespace().collect();
        if fields.len() != 5 {
            return Err(bad(match fields.len() {
                0 => "is empty".into(),
                1 => "has 1 field, not 5".into(),
                n => format!("has {n} fields, not 5"),
            }));
        }
        for (i, field) in fields.iter().enumerate() {
            check_cron_field(i, field).map_err(&bad)?;
        }
        let cron = croner::Cron::from_str(s).map_err(|_| {
            // Name the first field croner refuses on its own (the others left at '*').
            let culprit = (0..5).find(|&i| {
                let mut alone = ["*"; 5];
                alone[i] = fields[i];
                croner::Cron::from_str(&alone.join(" ")).is_err()
            });
            bad(
                culprit.map_or("is not a cron line zsplice understands".into(), |i| {
                    let (name, text) = (CRON_FIELDS[i].0, fields[i]);
                    format!("{name} '{text}' is not understood ({})", cron_range(i))
                }),
            )
        })?;
        // croner skips empty list items, so a field of commas matches nothing, and a date like
        // February 30 never comes: such a line parses but never fires, and looking for its next
        // time searches until the year 5000 each time (found by fuzzing, as a slow input). The
        // cheap checks first; then a line must fire at least once after a fixed time (a line
        // that can fire does so within eight years, February 29 included).
        let p = &cron.pattern;
        if [&p.minutes, &p.hours, &p.months]
            .iter()
            .any(|field| field.values().is_empty())
        {
            return Err(bad("a field matches no time at all".into()));
        }
        let from = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single();
        if from.is_some_and(|from| cron.find_next_occurrence(&from, false).is_err()) {
            return Err(bad("it matches no date, so it would never run".into()));
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
    Keep {
        /// The duration as the user wrote it (such as "2w"), kept for display.
        text: String,
        /// The parsed duration, at least a minute.
        duration: Duration,
    },
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
                        reason: duration_problem(text, &e),
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
    /// The snapshot's guid, the same on every copy of it (compared with the base's).
    pub guid: u64,
    /// Creation time in seconds since the epoch (a received snapshot keeps the source's).
    pub creation: u64,
}

/// The destination snapshots `policy` removes. Only snapshots named by this task's `schema` are
/// candidates (anything else was made by someone else); never the newest snapshot common with
/// the source (`base_guid`, the next incremental's base). Holds are not known here (listing
/// them costs an ioctl per snapshot): the caller skips held snapshots when it destroys, as
/// `tasks::retention` does.
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
        .filter(|s| Some(s.guid) != base_guid)
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
            "naming schema 'auto-%Y-%m-%d_%H-%M-%Q': '%Q' is not a strftime token zsplice \
             knows; use a strftime pattern with %Y, %m, %d, %H and %M, such as \
             'auto-%Y-%m-%d_%H-%M'"
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
        let e = "0 0 * , *".parse::<Schedule>().unwrap_err().to_string();
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

    /// The end of every schedule error: what is accepted.
    const HINT: &str = "; use 'once', a 5-field cron line such as '0 2 * * *' (local time), \
                        or @hourly, @daily, @weekly, @monthly, @yearly";

    fn schedule_error(line: &str) -> String {
        line.parse::<Schedule>().unwrap_err().to_string()
    }

    #[test]
    fn schedule_errors_name_the_field_in_our_words() {
        for (line, reason) in [
            ("99 * * * *", "minute 99 is out of range (0-59)"),
            ("0 24 * * *", "hour 24 is out of range (0-23)"),
            ("0 2 0 * *", "day of month 0 is out of range (1-31)"),
            ("0 2 1 13 *", "month 13 is out of range (1-12 or JAN-DEC)"),
            (
                "0 2 * * 8",
                "day of week 8 is out of range (0-7 or SUN-SAT)",
            ),
            (
                "0 2 * * 1-9",
                "day of week 9 is out of range (0-7 or SUN-SAT)",
            ),
            (
                "0 2 * FOO *",
                "month 'FOO' is not a month name (1-12 or JAN-DEC)",
            ),
            (
                "0 2 * * sunday",
                "day of week 'sunday' is not a day of week name (0-7 or SUN-SAT)",
            ),
            ("30-10 * * * *", "minute range 30-10 runs backwards"),
            ("*/0 * * * *", "minute '*/0' is not understood (0-59)"),
            ("*/x * * * *", "minute '*/x' is not understood (0-59)"),
            (
                "5/10 * * * *",
                "minute '5/10' needs '*' or a range before the step, such as '*/10'",
            ),
            ("x * * * *", "minute 'x' is not understood (0-59)"),
            (
                "0 2 * * 1#9",
                "day of week '1#9' is not understood (0-7 or SUN-SAT)",
            ),
            ("* * *", "has 3 fields, not 5"),
            ("0_2_*_*_*", "has 1 field, not 5"),
            ("", "is empty"),
            ("@midnight", "is not a schedule name zsplice knows"),
            ("@", "is not a schedule name zsplice knows"),
            ("0 0 30 2 *", "it matches no date, so it would never run"),
        ] {
            let want = format!("schedule '{line}': {reason}{HINT}");
            assert_eq!(schedule_error(line), want);
        }
        // Never croner's own words.
        for line in ["99 * * * *", "x * * * *", "0 2 * * 1#9", "1,2-x * * * *"] {
            let e = schedule_error(line);
            assert!(!e.contains("Component") && !e.contains("Invalid"), "{e}");
        }
        // Day-of-week and month names, L, W and # still reach croner.
        for line in [
            "0 2 * JAN-MAR MON-FRI",
            "0 2 * * sun",
            "0 2 L * *",
            "0 2 15W * *",
            "0 2 * * 5L",
            "0 2 * * 1#2",
            "0 2 * * 7",
            "0-30/15 */6 1,15 * *",
        ] {
            line.parse::<Schedule>()
                .unwrap_or_else(|e| panic!("{line}: {e}"));
        }
    }

    #[test]
    fn named_schedules_parse_fire_and_round_trip() {
        let t = chrono::Utc.with_ymd_and_hms(2026, 11, 25, 9, 5, 0).unwrap();
        let lines = [
            "0 * * * *",
            "0 0 * * *",
            "0 0 * * 0",
            "0 0 1 * *",
            "0 0 1 1 *",
            "0 0 1 1 *",
        ];
        for (name, line) in SCHEDULE_NAMES.into_iter().zip(lines) {
            let named: Schedule = name.parse().unwrap();
            assert_eq!(named.to_string(), name);
            let cron: Schedule = line.parse().unwrap();
            assert_eq!(named.next_after(&t), cron.next_after(&t), "{name}");
            // Stored and read back as the name.
            let json = serde_json::to_string(&named).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<Schedule>(&json).unwrap(), named);
        }
        let daily: Schedule = "@daily".parse().unwrap();
        assert_eq!(
            daily.next_after(&t).unwrap(),
            chrono::Utc.with_ymd_and_hms(2026, 11, 26, 0, 0, 0).unwrap()
        );
        assert_eq!("@DAILY".parse::<Schedule>().unwrap(), daily);
        assert_eq!(
            " @daily ".parse::<Schedule>().unwrap().to_string(),
            "@daily"
        );
    }

    #[test]
    fn duration_errors_are_in_our_words() {
        let retention = |s: &str| s.parse::<Retention>().unwrap_err().to_string();
        let hint = "; use 'source' (remove what the source no longer has), 'none' (keep \
                    everything) or a duration such as 2w, 36h, 1y";
        for (text, reason) in [
            ("forever", "is not a duration (it must start with a number)"),
            (
                "2 fortnights",
                "'fortnights' is not a unit zsplice knows (s, min, h, d, w, M for months, y)",
            ),
            ("10", "10 needs a unit, such as 10d or 10h"),
            ("2w!", "'!' cannot be part of a duration"),
            ("", "is empty"),
            ("99999999999999999999y", "is too long a duration"),
            ("10s", "is shorter than a minute"),
        ] {
            assert_eq!(
                retention(text),
                format!("retention '{text}': {reason}{hint}")
            );
        }
        assert!(!retention("forever").contains("expected"));
    }

    #[test]
    fn stall_timeout_errors_are_in_our_words() {
        use crate::model::task::StallTimeout;
        let hint = "; use a duration of a second or more, such as 90s, 10m or 1h";
        for (text, reason) in [
            ("soon", "is not a duration (it must start with a number)"),
            (
                "10 parsecs",
                "'parsecs' is not a unit zsplice knows (s, min, h, d, w, M for months, y)",
            ),
            ("500ms", "must be at least a second"),
        ] {
            let e = text.parse::<StallTimeout>().unwrap_err().to_string();
            assert_eq!(e, format!("stall timeout '{text}': {reason}{hint}"));
        }
        assert_eq!(
            "10m".parse::<StallTimeout>().unwrap().0,
            Duration::from_secs(600)
        );
    }

    #[test]
    fn naming_schema_errors_say_what_is_accepted() {
        let hint = "; use a strftime pattern with %Y, %m, %d, %H and %M, such as \
                    'auto-%Y-%m-%d_%H-%M'";
        for (schema, reason) in [
            ("", "is empty"),
            ("x-%Y", "must contain %m"),
            ("x-%Y-%m-%d_%H", "must contain %M"),
        ] {
            let e = NamingSchema::new(schema).unwrap_err().to_string();
            assert_eq!(e, format!("naming schema '{schema}': {reason}{hint}"));
        }
    }

    fn kept(name: &str, guid: u64, creation: u64) -> KeptSnapshot {
        KeptSnapshot {
            name: name.into(),
            guid,
            creation,
        }
    }

    #[test]
    fn retention_never_removes_the_base_or_foreign_snapshots() {
        let schema = NamingSchema::default();
        let day = 86_400;
        let now = 100 * day;
        let dest = vec![
            kept("auto-2026-01-01_00-00", 1, now - 30 * day), // expired
            kept("auto-2026-01-02_00-00", 2, now - 29 * day), // expired (a hold is the caller's to check)
            kept("manual", 3, now - 28 * day),                // not ours
            kept("auto-2026-01-04_00-00", 4, now - 27 * day), // expired but the base
            kept("auto-2026-02-01_00-00", 5, now - day),      // young
        ];
        let source: HashSet<u64> = [4, 5].into();
        let week: Retention = "1w".parse().unwrap();
        let names = |v: Vec<&KeptSnapshot>| v.iter().map(|s| s.guid).collect::<Vec<_>>();
        assert_eq!(
            names(expired(&week, &schema, &dest, &source, Some(4), now)),
            vec![1, 2]
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
            vec![1, 2]
        );
        assert!(expired(&Retention::None, &schema, &dest, &source, Some(4), now).is_empty());
        // Without a base, the old base is an ordinary expired snapshot.
        assert_eq!(
            names(expired(&week, &schema, &dest, &source, None, now)),
            vec![1, 2, 4]
        );
    }
}
