//! Snapshots, filesystems and listings, as `zsplice snapshot` and `zsplice list` offer them:
//! taking snapshots (of whole trees when recursive) in one transaction, creating filesystems
//! (with their missing parents), and listing datasets and snapshots with the identities
//! replication matches them by (guid, createtxg).

use zsplice_zfs::{DatasetInfo, DatasetName, DatasetType, ErrorKind, SnapshotName, Zfs};

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

/// Creates the filesystem `name`; with `parents`, its missing ancestors first, as `zfs create
/// -p` does. Returns every filesystem created, parents first. An existing `name` is an error
/// (nothing is created); so is a missing parent without `parents`, or a missing pool. Like
/// every dataset zsplice makes, it is not mounted: zsplice mounts nothing.
pub fn create(
    zfs: &Zfs,
    name: &DatasetName,
    parents: bool,
) -> Result<Vec<DatasetName>, EngineError> {
    if !zfs.exists(name.pool()) {
        return Err(EngineError::NotFound(format!(
            "cannot create {name}: pool '{}' does not exist (is it imported?)",
            name.pool()
        )));
    }
    let mut created = Vec::new();
    if let Some(parent) = name.parent() {
        if parents {
            created = create_ancestors(zfs, name)?;
        } else if !zfs.exists(parent.as_str()) {
            return Err(EngineError::NotFound(format!(
                "cannot create {name}: its parent {parent} does not exist (create it too, or \
                 ask for missing parents to be created)"
            )));
        }
    }
    zfs.create_filesystem(name, &[])?;
    created.push(name.clone());
    Ok(created)
}

/// Creates the missing ancestors of `name` (not `name` itself), oldest first, and returns them;
/// one that another thread or process created meanwhile is taken as it is.
pub fn create_ancestors(zfs: &Zfs, name: &DatasetName) -> Result<Vec<DatasetName>, EngineError> {
    let mut missing = Vec::new();
    let mut cur = name.parent();
    while let Some(p) = cur {
        if zfs.exists(p.as_str()) {
            break;
        }
        cur = p.parent();
        missing.push(p);
    }
    let mut created = Vec::new();
    for p in missing.into_iter().rev() {
        match zfs.create_filesystem(&p, &[]) {
            Ok(()) => created.push(p),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(created)
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

/// A filesystem or volume as a dataset browser shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BrowsedDataset {
    /// Full name.
    pub name: String,
    /// `filesystem` or `volume`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Bytes used by it and its descendants (`used`).
    pub used: u64,
    /// How many snapshots it has.
    pub snapshots: u64,
}

/// Every filesystem and volume of every imported pool, or of `under` and its descendants,
/// parents before children, with space used and snapshot counts (a browser to pick sources
/// and a destination from).
pub fn browse(zfs: &Zfs, under: Option<&DatasetName>) -> Result<Vec<BrowsedDataset>, EngineError> {
    let roots = match under {
        Some(d) => vec![d.clone()],
        None => zfs
            .pools()?
            .iter()
            .map(|p| DatasetName::new(p))
            .collect::<Result<_, _>>()?,
    };
    let mut out = Vec::new();
    for root in &roots {
        let tree = match zfs.descendants(root) {
            Ok(t) => t,
            // A pool exported or destroyed since the pools were listed is simply not there.
            Err(e) if under.is_none() && e.kind() == zsplice_zfs::ErrorKind::NotFound => continue,
            Err(e) => return Err(EngineError::about_named(e)),
        };
        for d in tree {
            let name = d.name.dataset();
            // A dataset destroyed between the listing and this look has no snapshots left.
            let snapshots = zfs.snapshot_identities(&name).map_or(0, |s| s.len() as u64);
            out.push(BrowsedDataset {
                kind: match d.kind {
                    DatasetType::Volume => "volume",
                    _ => "filesystem",
                },
                used: d.prop_u64("used").unwrap_or(0),
                snapshots,
                name: name.to_string(),
            });
        }
    }
    Ok(out)
}
