//! `zsplice snapshot` and `zsplice list`.

use zsplice::datasets::ListKind;
use zsplice::zfs::{DatasetInfo, DatasetName, SnapshotName, Zfs};
use zsplice::EngineError;

use super::args::{ListArgs, ListType, SnapshotArgs};
use super::json;
use super::output::{format_time, out, outln};

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
    out!("{}", list_table(rows));
}

/// The table of `zsplice list`: one row per dataset or snapshot, every column as wide as its
/// widest cell.
fn list_table(rows: &[DatasetInfo]) -> String {
    use std::fmt::Write;
    let w = rows
        .iter()
        .map(|d| d.name.as_str().len())
        .max()
        .unwrap_or(0)
        .max("NAME".len());
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{:<w$}  {:<10}  {:>20}  {:>9}  CREATION",
        "NAME", "TYPE", "GUID", "CREATETXG"
    );
    for d in rows {
        // as_str: a name's Display ignores width and would not be padded.
        let _ = writeln!(
            o,
            "{:<w$}  {:<10}  {:>20}  {:>9}  {}",
            d.name.as_str(),
            d.kind.as_str(),
            d.guid,
            d.createtxg,
            format_time(d.creation)
        );
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use zsplice::zfs::{DatasetType, ListedName};

    fn row(name: &str, guid: u64) -> DatasetInfo {
        let (name, kind) = if name.contains('@') {
            (
                ListedName::Snapshot(SnapshotName::new(name).unwrap()),
                DatasetType::Snapshot,
            )
        } else {
            (
                ListedName::Dataset(DatasetName::new(name).unwrap()),
                DatasetType::Filesystem,
            )
        };
        DatasetInfo {
            name,
            kind,
            guid,
            createtxg: 42,
            creation: 1_795_600_000,
            inconsistent: false,
            properties: Default::default(),
        }
    }

    #[test]
    fn list_columns_line_up() {
        let rows = [
            row("tank", 1),
            row("tank/data", 1234567890123),
            row(
                "tank/data@auto-2026-11-25_10-46",
                18_000_000_000_000_000_000,
            ),
        ];
        let table = list_table(&rows);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4, "{table}");
        // Every column starts where its heading does.
        for heading in ["TYPE", "CREATION"] {
            let col = lines[0].find(heading).unwrap();
            for line in &lines[1..] {
                assert_ne!(line.as_bytes()[col], b' ', "{heading}: {table}");
                assert_eq!(line.as_bytes()[col - 1], b' ', "{heading}: {table}");
            }
        }
        // Right-aligned columns end where their heading does.
        for heading in ["GUID", "CREATETXG"] {
            let end = lines[0].find(heading).unwrap() + heading.len();
            for line in &lines[1..] {
                assert_ne!(line.as_bytes()[end - 1], b' ', "{heading}: {table}");
                assert_eq!(line.as_bytes()[end], b' ', "{heading}: {table}");
            }
        }
        assert!(lines[1].starts_with("tank  "), "{table}");
        assert!(lines[3].contains("  snapshot  "), "{table}");
        // No rows: the heading alone, NAME as wide as itself.
        assert!(list_table(&[]).starts_with("NAME  TYPE  "));
    }
}
