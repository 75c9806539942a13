//! Snapshots and listings, as `zsplice snapshot` and `zsplice list` offer them: taking
//! snapshots (of whole trees when recursive) in one transaction, and listing datasets and
//! snapshots with the identities replication matches them by (guid, createtxg).

use zsplice_zfs::{DatasetInfo, DatasetName, SnapshotName, Zfs};

use crate::error::EngineError;

/// Takes `snapshots` in one transaction: they share one createtxg, or none is taken. With
/// `recursive`, each also names every descendant filesystem of its dataset, with the same
/// snapshot name. Returns every snapshot taken, parents before children.
pub fn snapshot(
    zfs: &Zfs,
    snapshots: &[SnapshotName],
    recursive: bool,
) -> Result<Vec<SnapshotName>, EngineError> {
    let mut all = Vec::new();
    for s in snapshots {
        if recursive {
            for d in zfs
                .descendants(&s.dataset())
                .map_err(EngineError::about_named)?
            {
                all.push(d.name.dataset().snapshot(s.short_name())?);
            }
        } else {
            all.push(s.clone());
        }
    }
    zfs.snapshot(&all, &[]).map_err(EngineError::about_named)?;
    Ok(all)
}

/// What a listing includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListKind {
    /// Filesystems and volumes only.
    #[default]
    Datasets,
    /// Snapshots only.
    Snapshots,
    /// Each dataset followed by its snapshots.
    All,
}

/// Lists `roots` (with every descendant when `recursive`): datasets, their snapshots, or both,
/// each dataset followed by its snapshots, oldest first.
pub fn list(
    zfs: &Zfs,
    roots: &[DatasetName],
    recursive: bool,
    kind: ListKind,
) -> Result<Vec<DatasetInfo>, EngineError> {
    let mut rows = Vec::new();
    for root in roots {
        let tree = if recursive {
            zfs.descendants(root).map_err(EngineError::about_named)?
        } else {
            vec![zfs
                .dataset(root.as_str())
                .map_err(EngineError::about_named)?]
        };
        for d in tree {
            let name = d.name.dataset();
            if kind != ListKind::Snapshots {
                rows.push(d);
            }
            if kind != ListKind::Datasets {
                rows.extend(zfs.snapshots(&name)?);
            }
        }
    }
    Ok(rows)
}
