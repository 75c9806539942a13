//! The `zsplice` command line: a thin layer over the library. Errors are one sentence naming the
//! dataset; exit codes are 0 ok, 1 failed, 2 usage error, 3 refused (the destination diverged).

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use zsplice::replicate::{plan_dataset, replicate_dataset};
use zsplice::zfs::{DatasetInfo, DatasetName, SnapshotName, Zfs};
use zsplice::EngineError;

#[derive(Parser, Debug)]
#[command(
    name = "zsplice",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("ZSPLICE_COMMIT"), ")"),
    about = "Native local ZFS replication: snapshots, listing and send/receive through libzfs_core, no zfs(8) subprocesses",
    after_help = "Exit codes: 0 ok, 1 failed, 2 usage error, 3 refused (the destination diverged; \
                  nothing was changed).\nExample: zsplice snapshot tank/data@today && zsplice replicate tank/data backup/data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Take snapshots, all in one transaction (they share one createtxg, or none is taken).
    Snapshot {
        /// Also snapshot every descendant filesystem with the same snapshot name.
        #[arg(short, long)]
        recursive: bool,
        /// Snapshots to take, e.g. tank/data@before-upgrade.
        #[arg(required = true, value_name = "DATASET@NAME")]
        snapshots: Vec<String>,
    },
    /// List datasets and snapshots with their guid, createtxg and creation time.
    List {
        /// Include every descendant.
        #[arg(short, long)]
        recursive: bool,
        /// What to list.
        #[arg(short = 't', long = "type", value_enum, default_value_t = ListType::Filesystem)]
        kind: ListType,
        /// Print JSON (creation as epoch seconds and as text).
        #[arg(long)]
        json: bool,
        #[arg(required = true, value_name = "DATASET")]
        datasets: Vec<String>,
    },
    /// Copy a dataset's snapshots to a destination dataset: a full copy the first time, then
    /// only what is new since the newest snapshot both sides share (matched by guid).
    Replicate {
        /// Source filesystem.
        source: String,
        /// Destination filesystem (created by the first copy; its parent must exist).
        destination: String,
        /// Print the plan with estimated sizes; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the steps as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ListType {
    Filesystem,
    Snapshot,
    All,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zsplice: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<(), EngineError> {
    match cli.command {
        Command::Snapshot {
            recursive,
            snapshots,
        } => {
            let wanted: Vec<SnapshotName> = snapshots
                .iter()
                .map(|s| SnapshotName::new(s))
                .collect::<Result<_, _>>()?;
            let zfs = Zfs::open()?;
            let mut all = Vec::new();
            for s in &wanted {
                if recursive {
                    for d in zfs.descendants(&s.dataset())? {
                        all.push(DatasetName::new(&d.name)?.snapshot(s.short_name())?);
                    }
                } else {
                    all.push(s.clone());
                }
            }
            zfs.snapshot(&all, &[])?;
            for s in &all {
                println!("{s}");
            }
            Ok(())
        }
        Command::List {
            recursive,
            kind,
            json,
            datasets,
        } => {
            let roots: Vec<DatasetName> = datasets
                .iter()
                .map(|d| DatasetName::new(d))
                .collect::<Result<_, _>>()?;
            let zfs = Zfs::open()?;
            let mut rows: Vec<DatasetInfo> = Vec::new();
            for root in &roots {
                let tree = if recursive {
                    zfs.descendants(root)?
                } else {
                    vec![zfs.dataset(root.as_str())?]
                };
                for d in tree {
                    let name = DatasetName::new(&d.name)?;
                    if kind != ListType::Snapshot {
                        rows.push(d);
                    }
                    if kind != ListType::Filesystem {
                        rows.extend(zfs.snapshots(&name)?);
                    }
                }
            }
            print_list(&rows, json);
            Ok(())
        }
        Command::Replicate {
            source,
            destination,
            dry_run,
            json,
        } => {
            let (src, dst) = (DatasetName::new(&source)?, DatasetName::new(&destination)?);
            if src.contains(&dst) || dst.contains(&src) {
                return Err(EngineError::Usage(format!(
                    "{dst}: destination must not be inside its source or contain it"
                )));
            }
            let zfs = Zfs::open()?;
            if plan_dataset(&zfs, &src, &dst)?.steps.is_empty() {
                if !json {
                    println!("{dst}: up to date with {src}");
                } else {
                    println!("[]");
                }
                return Ok(());
            }
            let steps = replicate_dataset(&zfs, &src, &dst, dry_run, |s| {
                if !json {
                    let verb = if dry_run { "would send" } else { "sent" };
                    match &s.from {
                        Some(f) => println!(
                            "{verb} {f} -> {} into {} (~{})",
                            s.source,
                            s.destination,
                            human_bytes(s.estimated_bytes)
                        ),
                        None => println!(
                            "{verb} {} (full) into {} (~{})",
                            s.source,
                            s.destination,
                            human_bytes(s.estimated_bytes)
                        ),
                    }
                }
            })?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&steps).unwrap_or_default()
                );
            }
            Ok(())
        }
    }
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
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return;
    }
    let w = rows.iter().map(|d| d.name.len()).max().unwrap_or(4).max(4);
    println!(
        "{:<w$}  {:<10}  {:>20}  {:>9}  CREATION",
        "NAME", "TYPE", "GUID", "CREATETXG"
    );
    for d in rows {
        println!(
            "{:<w$}  {:<10}  {:>20}  {:>9}  {}",
            d.name,
            d.kind.as_str(),
            d.guid,
            d.createtxg,
            format_time(d.creation)
        );
    }
}

/// UTC "YYYY-MM-DD HH:MM:SS" (civil-from-days; no time-zone database needed).
fn format_time(epoch: u64) -> String {
    let days = (epoch / 86_400) as i64;
    let secs = epoch % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_epoch_as_utc() {
        assert_eq!(format_time(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_time(1_795_600_000), "2026-11-25 09:46:40 UTC");
        assert_eq!(format_time(951_782_400), "2000-02-29 00:00:00 UTC");
    }

    #[test]
    fn sizes_are_human() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(3 << 20), "3.0 MiB");
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
