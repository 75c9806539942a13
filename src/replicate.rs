//! One-shot replication of one dataset's snapshots to a destination dataset: list both sides,
//! plan from the newest common snapshot, send each step. Refuses (changing nothing) when the
//! destination diverged.

use zsplice_zfs::{DatasetName, ErrorKind, ReceiveOptions, SendFlags, Zfs};

use crate::error::EngineError;
use crate::plan::{plan, Plan, Snap};
use crate::transfer::transfer;

/// One step of a replication, as planned and (when not a dry run) done.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StepReport {
    pub source: String,
    pub from: Option<String>,
    pub destination: String,
    /// `lzc_send_space`'s estimate of the stream size.
    pub estimated_bytes: u64,
}

fn snaps(zfs: &Zfs, ds: &DatasetName) -> Result<Vec<Snap>, EngineError> {
    Ok(zfs
        .snapshots(ds)?
        .into_iter()
        .map(|s| Snap {
            name: s
                .name
                .split_once('@')
                .map_or(s.name.clone(), |(_, n)| n.to_string()),
            guid: s.guid,
            createtxg: s.createtxg,
        })
        .collect())
}

/// Plans replicating `src` onto `dst` by listing both sides.
pub fn plan_dataset(zfs: &Zfs, src: &DatasetName, dst: &DatasetName) -> Result<Plan, EngineError> {
    let source = snaps(zfs, src)?;
    let dest = match snaps(zfs, dst) {
        Ok(d) => Some(d),
        Err(EngineError::Zfs(e)) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    plan(src.as_str(), &source, dst.as_str(), dest.as_deref()).map_err(EngineError::Refused)
}

/// Replicates `src` onto `dst`; with `dry_run`, only reports what it would send.
pub fn replicate_dataset(
    zfs: &Zfs,
    src: &DatasetName,
    dst: &DatasetName,
    dry_run: bool,
    mut on_step: impl FnMut(&StepReport),
) -> Result<Vec<StepReport>, EngineError> {
    let plan = plan_dataset(zfs, src, dst)?;
    let flags = SendFlags::default();
    let mut done = Vec::new();
    for step in &plan.steps {
        let source = src.snapshot(step.to())?;
        let from = step.from().map(|f| format!("{src}@{f}"));
        let report = StepReport {
            source: source.to_string(),
            from: from.clone(),
            destination: dst.snapshot(step.to())?.to_string(),
            estimated_bytes: zfs.send_space(&source, from.as_deref(), flags)?,
        };
        if !dry_run {
            let opts = ReceiveOptions {
                resumable: true,
                ..Default::default()
            };
            transfer(
                zfs,
                &source,
                from.as_deref(),
                &dst.snapshot(step.to())?,
                flags,
                &opts,
            )?;
        }
        on_step(&report);
        done.push(report);
    }
    Ok(done)
}
