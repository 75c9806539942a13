//! What a task keeps so that nothing grows forever: its own snapshots on the source (source
//! retention) and its run history (records and logs). Both are pure choices here; the runner
//! and the store carry them out.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use crate::model::policy::{NamingSchema, PolicyError};

/// How long a task's own snapshots stay on the source.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum SourceRetention {
    /// Keep them all (zsplice never removes a source snapshot unless told to).
    #[default]
    None,
    /// Remove those older than this.
    Older {
        /// The duration as the user wrote it (such as "2w"), kept for display.
        text: String,
        /// The parsed duration.
        duration: Duration,
    },
    /// Keep only the newest this many.
    Newest(u32),
}

impl FromStr for SourceRetention {
    type Err = PolicyError;
    fn from_str(s: &str) -> Result<SourceRetention, PolicyError> {
        let bad = |reason: &str| PolicyError::SourceRetention {
            retention: s.into(),
            reason: reason.into(),
        };
        match s.trim() {
            "none" => Ok(SourceRetention::None),
            n if n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty() => match n.parse() {
                Ok(0) => Err(bad("must keep at least one snapshot")),
                Ok(n) => Ok(SourceRetention::Newest(n)),
                Err(_) => Err(bad("is too large a count")),
            },
            text => {
                let duration = humantime::parse_duration(text)
                    .map_err(|e| bad(&crate::model::policy::duration_problem(text, &e)))?;
                if duration < Duration::from_secs(60) {
                    return Err(bad("is shorter than a minute"));
                }
                Ok(SourceRetention::Older {
                    text: text.into(),
                    duration,
                })
            }
        }
    }
}

impl TryFrom<String> for SourceRetention {
    type Error = PolicyError;
    fn try_from(s: String) -> Result<Self, PolicyError> {
        s.parse()
    }
}

impl From<SourceRetention> for String {
    fn from(r: SourceRetention) -> String {
        r.to_string()
    }
}

impl fmt::Display for SourceRetention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceRetention::None => f.write_str("none"),
            SourceRetention::Older { text, .. } => f.write_str(text),
            SourceRetention::Newest(n) => write!(f, "{n}"),
        }
    }
}

/// A source snapshot as source retention sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSnapshot {
    /// The short name (after '@').
    pub name: String,
    /// The transaction group it was created in: orders snapshots even within one second.
    pub createtxg: u64,
    /// Creation time in seconds since the epoch.
    pub creation: u64,
    /// The task's hold is on it: the next incremental's base.
    pub held_base: bool,
}

/// The source snapshots `policy` removes: only snapshots the task's `schema` named, and only
/// those older than the held base. A snapshot newer than the base is not replicated yet (the
/// next run sends it); one older than the base was sent (runs send every snapshot of the schema
/// after the shared one) or no run will ever send it, whether or not the destination still
/// has it: the destination's own retention may keep less than the source's. Holds by others
/// are checked by the caller, which sees them.
pub fn source_expired<'a>(
    policy: &SourceRetention,
    schema: &NamingSchema,
    snapshots: &'a [SourceSnapshot],
    now: u64,
) -> Vec<&'a SourceSnapshot> {
    let Some(base_txg) = snapshots.iter().find(|s| s.held_base).map(|s| s.createtxg) else {
        // Without a held base nothing is known to be safe to remove.
        return Vec::new();
    };
    let mut ours: Vec<&SourceSnapshot> = snapshots
        .iter()
        .filter(|s| schema.matches(&s.name))
        .collect();
    ours.sort_by_key(|s| s.createtxg);
    let newest_kept = match policy {
        SourceRetention::None => return Vec::new(),
        SourceRetention::Newest(n) => ours.len().saturating_sub(*n as usize),
        SourceRetention::Older { .. } => ours.len(),
    };
    ours.into_iter()
        .take(newest_kept)
        .filter(|s| !s.held_base && s.createtxg < base_txg)
        .filter(|s| match policy {
            SourceRetention::Older { duration, .. } => {
                s.creation.saturating_add(duration.as_secs()) < now
            }
            _ => true,
        })
        .collect()
}

/// How many runs a task keeps by default: a year of a nightly task.
pub const DEFAULT_KEEP_RUNS: u32 = 366;

/// The runs (by number, oldest first in `runs`) that pruning removes: all but the newest
/// `keep`, except the newest failed one, which stays until a newer run fails so the user can
/// always read why the last failure happened. `runs` pairs each number with whether it failed.
pub fn runs_to_prune(runs: &[(u64, bool)], keep: u32) -> Vec<u64> {
    let keep = (keep as usize).max(1);
    if runs.len() <= keep {
        return Vec::new();
    }
    let last_failed = runs.iter().rev().find(|(_, failed)| *failed).map(|r| r.0);
    runs[..runs.len() - keep]
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| Some(*n) != last_failed)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(name: &str, txg: u64, creation: u64) -> SourceSnapshot {
        SourceSnapshot {
            name: name.into(),
            createtxg: txg,
            creation,
            held_base: false,
        }
    }

    #[test]
    fn source_retention_parses_counts_durations_and_none() {
        assert_eq!(
            "none".parse::<SourceRetention>().unwrap(),
            SourceRetention::None
        );
        assert_eq!(
            "24".parse::<SourceRetention>().unwrap(),
            SourceRetention::Newest(24)
        );
        assert!(matches!(
            "2w".parse::<SourceRetention>().unwrap(),
            SourceRetention::Older { .. }
        ));
        for bad in ["0", "10s", "forever", "", "99999999999"] {
            let e = bad.parse::<SourceRetention>().unwrap_err().to_string();
            assert!(e.starts_with("source retention '"), "{bad}: {e}");
        }
        let hint = "; use 'none', a count such as 24 (keep the newest 24) or a duration such \
                    as 2w";
        for (text, reason) in [
            ("0", "must keep at least one snapshot"),
            ("99999999999", "is too large a count"),
            ("forever", "is not a duration (it must start with a number)"),
            (
                "2 fortnights",
                "'fortnights' is not a unit zsplice knows (s, min, h, d, w, M for months, y)",
            ),
            ("10s", "is shorter than a minute"),
            ("", "is empty"),
        ] {
            let e = text.parse::<SourceRetention>().unwrap_err().to_string();
            assert_eq!(e, format!("source retention '{text}': {reason}{hint}"));
        }
        let json = serde_json::to_string(&SourceRetention::Newest(7)).unwrap();
        assert_eq!(json, "\"7\"");
        assert_eq!(
            serde_json::from_str::<SourceRetention>(&json).unwrap(),
            SourceRetention::Newest(7)
        );
    }

    #[test]
    fn source_retention_never_takes_the_base_newer_or_foreign_snapshots() {
        let schema = NamingSchema::default();
        let day = 86_400;
        let mut snaps = vec![
            snap("auto-2026-11-01_00-00", 10, 0),
            snap("manual-keep", 11, 0),
            snap("auto-2026-11-02_00-00", 12, day),
            snap("auto-2026-11-03_00-00", 13, 2 * day),
            snap("auto-2026-11-04_00-00", 14, 3 * day),
            snap("auto-2026-11-05_00-00", 15, 4 * day),
        ];
        snaps[4].held_base = true;
        let names = |v: Vec<&SourceSnapshot>| v.iter().map(|s| s.name.clone()).collect::<Vec<_>>();

        // Keep the newest 1: the base (14) and what is newer (15, not replicated yet) stay
        // anyway; 11 is not ours. Whether the destination still has 10-13 does not matter: its
        // own retention may keep less.
        let gone = source_expired(&SourceRetention::Newest(1), &schema, &snaps, 10 * day);
        assert_eq!(
            names(gone),
            [
                "auto-2026-11-01_00-00",
                "auto-2026-11-02_00-00",
                "auto-2026-11-03_00-00"
            ]
        );

        let older: SourceRetention = "36h".parse().unwrap();
        let gone = source_expired(&older, &schema, &snaps, 3 * day);
        assert_eq!(
            names(gone),
            ["auto-2026-11-01_00-00", "auto-2026-11-02_00-00"]
        );

        assert!(source_expired(&SourceRetention::None, &schema, &snaps, 99 * day).is_empty());
        for s in &mut snaps {
            s.held_base = false;
        }
        assert!(
            source_expired(&SourceRetention::Newest(1), &schema, &snaps, 99 * day).is_empty(),
            "without a held base nothing is removed"
        );
    }

    #[test]
    fn pruning_keeps_the_newest_runs_and_the_last_failure() {
        let runs: Vec<(u64, bool)> = (1..=10).map(|n| (n, n == 3 || n == 5)).collect();
        assert_eq!(runs_to_prune(&runs, 4), [1, 2, 3, 4, 6]);
        assert!(runs_to_prune(&runs, 10).is_empty());
        assert_eq!(
            runs_to_prune(&runs, 0).len(),
            8,
            "at least the newest run stays"
        );
        let recent_failure: Vec<(u64, bool)> = (1..=5).map(|n| (n, n == 5)).collect();
        assert_eq!(runs_to_prune(&recent_failure, 2), [1, 2, 3]);
    }
}
