//! `zsplice snapshot` and `zsplice list`.

use zsplice::datasets::ListKind;
use zsplice::zfs::{DatasetInfo, DatasetName, SnapshotName, Zfs};
use zsplice::EngineError;

use super::args::{ListArgs, ListType, SnapshotArgs};
use super::json;
use super::output::{format_time, outln};

pub fn snapshot(args: &SnapshotArgs) -> Result<u8, EngineError> {
    let wanted: Vec<SnapshotName> = args
        .snapshots
        .iter()
        .map(|s| SnapshotName::new(s))
        .collect::<Result<_, _>>()?;
    for s in zsplice::datasets::snapshot(&Zfs::open()?, &wanted, args.recursive)? {
        outln!("{s}");
    }
    Ok(0)
}

pub fn list(args: &ListArgs) -> Result<u8, EngineError> {
    let roots: Vec<DatasetName> = args
        .datasets
        .iter()
        .map(|d| DatasetName::new(d))
        .collect::<Result<_, _>>()?;
    let kind = match args.kind {
        ListType::Filesystem => ListKind::Datasets,
        ListType::Snapshot => ListKind::Snapshots,
        ListType::All => ListKind::All,
    };
    let rows = zsplice::datasets::list(&Zfs::open()?, &roots, args.recursive, kind)?;
    print_list(&rows, args.json);
    Ok(0)
}

fn print_list(rows: &[DatasetInfo], json: bool) {
    if json {
        let v: Vec<_> = rows
            .iter()
            .map(|d| {
                serde_json::json!({
                    "name": d.name, "type": d.kind.as_str(), "guid": d.guid,
                    "createtxg": d.createtxg, "creation": d.creation,
                    "creation_time": format_time(d.creation),
                })
            })
            .collect();
        json::print_result(&v);
        return;
    }
    let w = rows
        .iter()
        .map(|d| d.name.as_str().len())
        .max()
        .unwrap_or(4)
        .max(4);
    outln!(
        "{:<w$}  {:<10}  {:>20}  {:>9}  CREATION",
        "NAME",
        "TYPE",
        "GUID",
        "CREATETXG"
    );
    for d in rows {
        outln!(
            "{:<w$}  {:<10}  {:>20}  {:>9}  {}",
            d.name,
            d.kind.as_str(),
            d.guid,
            d.createtxg,
            format_time(d.creation)
        );
    }
}
