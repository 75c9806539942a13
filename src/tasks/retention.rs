//! Carrying out a task's retention after a run: at the destination (`source`, a duration, or
//! `none`) and on the source (the task's own snapshots, by count or age). Which snapshots go is
//! decided by the pure functions in `policy` and `keep`; this adds what only ZFS knows (holds)
//! and destroys in one call per dataset.

use std::collections::{BTreeMap, HashSet};

use zsplice_zfs::{DatasetName, SnapshotName, Zfs};

use crate::error::EngineError;
use crate::model::keep::{source_expired, SourceRetention, SourceSnapshot};
use crate::model::policy::{expired, KeptSnapshot, Retention};
use crate::model::task::Task;
use crate::replicate::pairs::Pair;
use crate::transfer::retry::retrying;

/// Told which snapshots of a dataset were destroyed (full names).
pub type Destroyed<'a> = &'a dyn Fn(&DatasetName, &[String]);

/// Destroys `candidates` of one dataset that nobody holds; returns their full names.
fn destroy_unheld(
    zfs: &Zfs,
    candidates: Vec<SnapshotName>,
    log: &dyn Fn(&str),
) -> Result<Vec<String>, EngineError> {
    let mut doomed = Vec::new();
    for snap in candidates {
        // Holds are checked here, for candidates only, instead of for every snapshot.
        if zfs.holds(&snap)?.is_empty() {
            doomed.push(snap);
        } else {
            log(&format!("retention: keeping {snap}: it is held"));
        }
    }
    if !doomed.is_empty() {
        retrying(log, || zfs.destroy_snapshots(&doomed, false))?;
    }
    Ok(doomed.iter().map(|s| s.to_string()).collect())
}

/// Removes destination snapshots the retention policy lets go: only this task's snapshots,
/// never the newest common one, never a held one.
pub fn at_destination(
    zfs: &Zfs,
    task: &Task,
    bases: &BTreeMap<String, (Pair, String)>,
    now: u64,
    log: &dyn Fn(&str),
    destroyed: Destroyed<'_>,
) -> Result<(), EngineError> {
    if task.spec.retention == Retention::None {
        return Ok(());
    }
    // Only `source` compares with the source, and by guid alone; only an age needs each
    // snapshot's creation time. Identity listings gather no properties: each listing costs
    // what the policy needs, no more.
    let mirrors_source = task.spec.retention == Retention::Source;
    for (pair, base) in bases.values() {
        let (source_guids, dest): (HashSet<u64>, _) = if mirrors_source {
            let source = zfs.snapshot_identities(&pair.source)?;
            (
                source.iter().map(|s| s.guid).collect(),
                zfs.snapshot_identities(&pair.destination)?,
            )
        } else {
            (HashSet::new(), zfs.snapshots(&pair.destination)?)
        };
        let base_guid = dest
            .iter()
            .find(|s| s.name.short_name() == base)
            .map(|s| s.guid);
        let kept: Vec<KeptSnapshot> = dest
            .iter()
            .map(|s| KeptSnapshot {
                name: s.name.short_name().to_string(),
                guid: s.guid,
                creation: s.creation,
            })
            .collect();
        let candidates = expired(
            &task.spec.retention,
            &task.spec.naming_schema,
            &kept,
            &source_guids,
            base_guid,
            now,
        )
        .into_iter()
        .map(|k| pair.destination.snapshot(&k.name))
        .collect::<Result<Vec<_>, _>>()?;
        let names = destroy_unheld(zfs, candidates, log)?;
        if !names.is_empty() {
            log(&format!(
                "retention ({}): destroyed {}",
                task.spec.retention,
                names.join(", ")
            ));
            destroyed(&pair.destination, &names);
        }
    }
    Ok(())
}

/// Removes the task's own source snapshots that its source retention lets go: never the held
/// base, never one newer than it (not replicated yet), never one the naming schema did not
/// make, never one held by anyone. Runs before the destination's retention, which may keep
/// less.
pub fn at_source(
    zfs: &Zfs,
    task: &Task,
    bases: &BTreeMap<String, (Pair, String)>,
    now: u64,
    log: &dyn Fn(&str),
    destroyed: Destroyed<'_>,
) -> Result<(), EngineError> {
    if task.spec.source_retention == SourceRetention::None {
        return Ok(());
    }
    for (source, (pair, _)) in bases {
        // Only the base the task holds (recorded after the holds moved) is known safe.
        let Some(held) = task.held.get(source) else {
            continue;
        };
        let snaps: Vec<SourceSnapshot> = zfs
            .snapshots(&pair.source)?
            .iter()
            .map(|s| SourceSnapshot {
                name: s.name.short_name().to_string(),
                createtxg: s.createtxg,
                creation: s.creation,
                held_base: s.name.as_str() == held.as_str(),
            })
            .collect();
        let candidates = source_expired(
            &task.spec.source_retention,
            &task.spec.naming_schema,
            &snaps,
            now,
        )
        .into_iter()
        .map(|s| pair.source.snapshot(&s.name))
        .collect::<Result<Vec<_>, _>>()?;
        let names = destroy_unheld(zfs, candidates, log)?;
        if !names.is_empty() {
            destroyed(&pair.source, &names);
            log(&format!(
                "source retention ({}): destroyed {}",
                task.spec.source_retention,
                names.join(", ")
            ));
        }
    }
    Ok(())
}
