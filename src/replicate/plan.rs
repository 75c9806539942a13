//! Deciding what to send: the newest snapshot both sides share (matched by guid, never by name),
//! then every newer source snapshot in order. Pure logic over two snapshot lists, so every case
//! is unit-tested without ZFS. A destination that has anything the source lacks past the common
//! snapshot is refused with the exact list of what would be destroyed.

use std::collections::HashMap;
use std::fmt;

/// A snapshot as planning sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snap {
    /// The part after '@'.
    pub name: String,
    /// Identifies the snapshot on both sides; planning matches by it, never by name.
    pub guid: u64,
    /// The transaction group it was created in: orders the list.
    pub createtxg: u64,
}

/// One stream to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A full stream of one snapshot, creating the destination.
    Full {
        /// The snapshot sent (the part after '@').
        to: String,
    },
    /// The changes from one snapshot to the next.
    Incremental {
        /// The base, which the destination already has (the part after '@').
        from: String,
        /// The snapshot sent (the part after '@').
        to: String,
    },
}

impl Step {
    /// The snapshot this step sends (the part after '@').
    pub fn to(&self) -> &str {
        match self {
            Step::Full { to } | Step::Incremental { to, .. } => to,
        }
    }
    /// The incremental base (the part after '@'); `None` for a full stream.
    pub fn from(&self) -> Option<&str> {
        match self {
            Step::Full { .. } => None,
            Step::Incremental { from, .. } => Some(from),
        }
    }
    /// The incremental base's full name on `source` (`source@base`), as `lzc_send` takes it;
    /// `None` for a full stream.
    pub fn base_on(&self, source: &impl fmt::Display) -> Option<String> {
        self.from().map(|f| format!("{source}@{f}"))
    }
}

/// How a stream reads in the log and in a dry run: `pool/a@s1 -> @s2 into backup/a@s2`, or
/// `pool/a@s1 (full) into backup/a@s1`. `from` is the incremental base's full name.
pub fn stream_words(
    source: &zsplice_zfs::SnapshotName,
    from: Option<&str>,
    destination: &zsplice_zfs::SnapshotName,
) -> String {
    match from {
        Some(f) => format!("{f} -> @{} into {destination}", source.short_name()),
        None => format!("{source} (full) into {destination}"),
    }
}

/// What one pair needs: the streams that bring the destination up to the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The newest common snapshot (the incremental base), None for a first full copy.
    pub base: Option<String>,
    /// Streams to send in order; empty when the destination is up to date.
    pub steps: Vec<Step>,
}

/// Why a plan cannot be made without destroying destination data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// The source has no snapshot (of the task's schema) to send.
    NoSourceSnapshots {
        /// The source dataset's full name.
        source: String,
    },
    /// The destination has snapshots newer than the common one (`newer`). Re-copying it from
    /// scratch destroys every snapshot it has (`would_destroy`).
    Diverged {
        /// The destination dataset's full name.
        destination: String,
        /// The newest snapshot both sides share (the part after '@').
        base: String,
        /// Destination snapshots after `base` that the source lacks.
        newer: Vec<String>,
        /// Every destination snapshot a re-copy from scratch would destroy.
        would_destroy: Vec<String>,
    },
    /// The destination was written to since its newest snapshot; receiving rolls those
    /// changes back.
    Modified {
        /// The destination dataset's full name.
        destination: String,
        /// Its newest snapshot (the part after '@'), which receiving rolls back to.
        since: String,
        /// Bytes written since that snapshot (its `written` property).
        written: u64,
    },
    /// The destination exists but shares no snapshot with the source.
    NoCommonSnapshot {
        /// The destination dataset's full name.
        destination: String,
        /// Its snapshots, all destroyed by a full copy (empty: it has none).
        would_destroy: Vec<String>,
    },
}

impl PlanError {
    /// Whether allowing all of `refusals` only rolls destinations back to their last snapshot
    /// (each was written to since), destroying no snapshot.
    pub fn only_roll_back(refusals: &[PlanError]) -> bool {
        refusals
            .iter()
            .all(|r| matches!(r, PlanError::Modified { .. }))
    }

    /// The destination snapshots (full names) re-copying from scratch would destroy.
    pub fn would_destroy(&self) -> Vec<String> {
        match self {
            PlanError::Diverged { would_destroy, .. }
            | PlanError::NoCommonSnapshot { would_destroy, .. } => would_destroy.clone(),
            PlanError::NoSourceSnapshots { .. } | PlanError::Modified { .. } => Vec::new(),
        }
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::NoSourceSnapshots { source } => {
                write!(
                    f,
                    "{source}: has no snapshots to replicate (take one first)"
                )
            }
            PlanError::Diverged {
                destination,
                base,
                newer,
                would_destroy,
            } => write!(
                f,
                "{destination}: destination has diverged from the source after @{base} (it has \
                 snapshots the source does not: {}); a re-copy from scratch would destroy: {}; \
                 nothing was changed",
                newer.join(", "),
                would_destroy.join(", ")
            ),
            PlanError::Modified {
                destination,
                since,
                written,
            } => write!(
                f,
                "{destination}: destination was modified after its snapshot @{since} \
                 ({written} bytes written); receiving would roll back and destroy those changes; \
                 nothing was changed"
            ),
            PlanError::NoCommonSnapshot {
                destination,
                would_destroy,
            } => {
                write!(
                    f,
                    "{destination}: destination shares no snapshot with the source; "
                )?;
                if would_destroy.is_empty() {
                    write!(
                        f,
                        "it exists without snapshots, and a full copy would replace its current \
                         contents (allow a re-copy from scratch if it is empty or disposable)"
                    )?;
                } else {
                    write!(f, "a full copy would destroy: {}", would_destroy.join(", "))?;
                }
                write!(f, "; nothing was changed")
            }
        }
    }
}

/// Plans replicating `source` (`source_name`'s snapshots, oldest first) onto a destination that
/// is absent (`None`) or has `dest` snapshots (oldest first). Only source snapshots for which
/// `include` is true are sent (a task sends the snapshots its naming schema made); any snapshot
/// may serve as the common base.
pub fn plan(
    source_name: &str,
    source: &[Snap],
    dest_name: &str,
    dest: Option<&[Snap]>,
    include: &dyn Fn(&str) -> bool,
) -> Result<Plan, PlanError> {
    let sendable: Vec<usize> = (0..source.len())
        .filter(|&i| include(&source[i].name))
        .collect();
    if sendable.is_empty() {
        return Err(PlanError::NoSourceSnapshots {
            source: source_name.into(),
        });
    }
    // Incrementals from `start` through every sendable snapshot after it.
    let chain = |start: usize| -> Vec<Step> {
        let mut from = start;
        let mut steps = Vec::new();
        for &i in sendable.iter().filter(|&&i| i > start) {
            steps.push(Step::Incremental {
                from: source[from].name.clone(),
                to: source[i].name.clone(),
            });
            from = i;
        }
        steps
    };
    let Some(dest) = dest else {
        let first = sendable[0];
        let mut steps = vec![Step::Full {
            to: source[first].name.clone(),
        }];
        steps.extend(chain(first));
        return Ok(Plan { base: None, steps });
    };
    let full_names = |snaps: &[Snap]| -> Vec<String> {
        snaps
            .iter()
            .map(|s| format!("{dest_name}@{}", s.name))
            .collect()
    };
    // Newest source snapshot whose guid the destination also has. The destination's guids go
    // into a map first: comparing every pair is quadratic, 14 s for a dataset of 100,000
    // snapshots half of which the destination lacks (benches/planning.rs).
    let mut dest_at: HashMap<u64, usize> = HashMap::with_capacity(dest.len());
    for (j, d) in dest.iter().enumerate() {
        dest_at.entry(d.guid).or_insert(j);
    }
    let common = source
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, s)| dest_at.get(&s.guid).map(|&j| (i, j)));
    let Some((si, di)) = common else {
        return Err(PlanError::NoCommonSnapshot {
            destination: dest_name.into(),
            would_destroy: full_names(dest),
        });
    };
    let newer_on_dest = &dest[di + 1..];
    if !newer_on_dest.is_empty() {
        return Err(PlanError::Diverged {
            destination: dest_name.into(),
            base: source[si].name.clone(),
            newer: full_names(newer_on_dest),
            would_destroy: full_names(dest),
        });
    }
    Ok(Plan {
        base: Some(source[si].name.clone()),
        steps: chain(si),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_reads_as_its_base_snapshot_and_destination() {
        let src = zsplice_zfs::SnapshotName::new("tank/a@s2").unwrap();
        let dst = zsplice_zfs::SnapshotName::new("backup/a@s2").unwrap();
        assert_eq!(
            stream_words(&src, Some("tank/a@s1"), &dst),
            "tank/a@s1 -> @s2 into backup/a@s2"
        );
        assert_eq!(
            stream_words(&src, None, &dst),
            "tank/a@s2 (full) into backup/a@s2"
        );
    }

    const ALL: fn(&str) -> bool = |_| true;

    fn snaps(list: &[(&str, u64)]) -> Vec<Snap> {
        list.iter()
            .enumerate()
            .map(|(i, (n, g))| Snap {
                name: n.to_string(),
                guid: *g,
                createtxg: 10 + i as u64,
            })
            .collect()
    }

    #[test]
    fn absent_destination_gets_a_full_copy_then_every_snapshot() {
        let src = snaps(&[("s1", 1), ("s2", 2), ("s3", 3)]);
        let p = plan("p/a", &src, "q/a", None, &ALL).unwrap();
        assert_eq!(p.base, None);
        assert_eq!(
            p.steps,
            vec![
                Step::Full { to: "s1".into() },
                Step::Incremental {
                    from: "s1".into(),
                    to: "s2".into()
                },
                Step::Incremental {
                    from: "s2".into(),
                    to: "s3".into()
                },
            ]
        );
    }

    #[test]
    fn newest_common_by_guid_not_by_name() {
        let src = snaps(&[("s1", 1), ("s2", 2), ("s3", 3), ("s4", 4)]);
        // The destination calls guid 2 "renamed": guid decides.
        let dst = snaps(&[("s1", 1), ("renamed", 2)]);
        let p = plan("p/a", &src, "q/a", Some(&dst), &ALL).unwrap();
        assert_eq!(p.base.as_deref(), Some("s2"));
        assert_eq!(p.steps.len(), 2);
        assert_eq!(
            p.steps[0],
            Step::Incremental {
                from: "s2".into(),
                to: "s3".into()
            }
        );
        // Same name, different guid is not common.
        let dst = snaps(&[("s1", 99)]);
        assert!(matches!(
            plan("p/a", &src, "q/a", Some(&dst), &ALL),
            Err(PlanError::NoCommonSnapshot { .. })
        ));
    }

    #[test]
    fn up_to_date_plans_nothing() {
        let src = snaps(&[("s1", 1), ("s2", 2)]);
        let p = plan("p/a", &src, "q/a", Some(&src), &ALL).unwrap();
        assert!(p.steps.is_empty());
        assert_eq!(p.base.as_deref(), Some("s2"));
    }

    #[test]
    fn divergence_lists_exactly_what_would_be_destroyed() {
        let src = snaps(&[("s1", 1), ("s2", 2), ("s3", 3)]);
        let dst = snaps(&[("s1", 1), ("s2", 2), ("local", 50), ("local2", 51)]);
        let e = plan("p/a", &src, "q/a", Some(&dst), &ALL).unwrap_err();
        assert_eq!(
            e,
            PlanError::Diverged {
                destination: "q/a".into(),
                base: "s2".into(),
                newer: vec!["q/a@local".into(), "q/a@local2".into()],
                would_destroy: ["s1", "s2", "local", "local2"]
                    .iter()
                    .map(|n| format!("q/a@{n}"))
                    .collect(),
            }
        );
        assert!(
            e.to_string().contains(
                "snapshots the source does not: q/a@local, q/a@local2); a re-copy from scratch \
                 would destroy: q/a@s1, q/a@s2, q/a@local, q/a@local2; nothing was changed"
            ),
            "{e}"
        );
    }

    #[test]
    fn no_common_snapshot_or_empty_source_is_refused() {
        let src = snaps(&[("s1", 1)]);
        let e = plan("p/a", &src, "q/a", Some(&snaps(&[("x", 9)])), &ALL).unwrap_err();
        assert!(e.to_string().contains("would destroy: q/a@x"), "{e}");
        let e = plan("p/a", &src, "q/a", Some(&[]), &ALL).unwrap_err();
        assert!(
            e.to_string()
                .contains("exists without snapshots, and a full copy would replace"),
            "{e}"
        );
        let e = plan("p/a", &[], "q/a", None, &ALL).unwrap_err();
        assert_eq!(
            e.to_string(),
            "p/a: has no snapshots to replicate (take one first)"
        );
    }

    #[test]
    fn only_included_snapshots_are_sent_but_any_can_be_the_base() {
        let src = snaps(&[("manual", 1), ("auto-1", 2), ("other", 3), ("auto-2", 4)]);
        let auto = |n: &str| n.starts_with("auto-");
        let p = plan("p/a", &src, "q/a", None, &auto).unwrap();
        assert_eq!(
            p.steps,
            vec![
                Step::Full {
                    to: "auto-1".into()
                },
                Step::Incremental {
                    from: "auto-1".into(),
                    to: "auto-2".into()
                }
            ]
        );
        // A destination that shares the hand-made snapshot continues from it.
        let dst = snaps(&[("manual", 1)]);
        let p = plan("p/a", &src, "q/a", Some(&dst), &auto).unwrap();
        assert_eq!(p.base.as_deref(), Some("manual"));
        assert_eq!(p.steps.len(), 2);
        assert_eq!(p.steps[0].from(), Some("manual"));
        let none = |_: &str| false;
        assert!(matches!(
            plan("p/a", &src, "q/a", None, &none),
            Err(PlanError::NoSourceSnapshots { .. })
        ));
    }
}
