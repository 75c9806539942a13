//! Which datasets a replication covers: each source (recursive ones expanded into their
//! descendants, minus excludes) paired with where it lands, parents before children.

use zsplice_zfs::{DatasetInfo, DatasetName, Zfs};

use crate::error::EngineError;
use crate::model::task::{landing, SourceSpec};
use crate::model::task_field::TaskField;

/// One dataset and where it lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The dataset replicated from.
    pub source: DatasetName,
    /// The dataset it is replicated to (it may not exist yet).
    pub destination: DatasetName,
}

/// Expands sources (recursive ones into their descendants, minus excludes) into pairs,
/// parents before children.
pub fn expand(
    zfs: &Zfs,
    sources: &[SourceSpec],
    destination: &DatasetName,
) -> Result<Vec<Pair>, EngineError> {
    Ok(expand_listed(zfs, sources, destination)?
        .into_iter()
        .map(|(pair, _)| pair)
        .collect())
}

/// [`expand`], each pair with its source dataset as listed (properties included), for
/// planning without asking for it again.
pub fn expand_listed(
    zfs: &Zfs,
    sources: &[SourceSpec],
    destination: &DatasetName,
) -> Result<Vec<(Pair, DatasetInfo)>, EngineError> {
    let pool = destination.pool();
    zfs.dataset(pool).map_err(|e| {
        TaskField::TargetDataset.tag(EngineError::missing_named(e, || {
            format!("{destination}: destination pool '{pool}' does not exist (is it imported?)")
        }))
    })?;
    let mut pairs = Vec::new();
    for s in sources {
        let root = landing(destination, &s.dataset, sources.len())?;
        let tree = if s.recursive {
            zfs.descendants(&s.dataset)
        } else {
            zfs.dataset(s.dataset.as_str()).map(|d| vec![d])
        };
        let tree = tree.map_err(|e| {
            TaskField::SourceDatasets.tag(EngineError::missing_named(e, || {
                format!("{}: source dataset does not exist", s.dataset)
            }))
        })?;
        for d in tree {
            let name = d.name.dataset();
            if s.exclude.iter().any(|ex| ex.contains(&name)) {
                continue;
            }
            let rel = name.relative_to(&s.dataset).unwrap_or("");
            let target = if rel.is_empty() {
                root.clone()
            } else {
                root.child(rel)?
            };
            let pair = Pair {
                source: name,
                destination: target,
            };
            pairs.push((pair, d));
        }
    }
    Ok(pairs)
}
