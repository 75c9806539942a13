//! `zsplice replicate`: a one-shot copy of existing snapshots, no stored task. Parses the
//! arguments into a request, calls the library, renders what it reports.

use zsplice::model::record::DatasetRun;
use zsplice::model::task::SourceSpec;
use zsplice::observe::Observer;
use zsplice::replicate::oneshot::{self, PairPreview, ReplicateRequest};
use zsplice::replicate::refusal::OnDivergence;
use zsplice::zfs::{DatasetName, Zfs};
use zsplice::EngineError;

use super::output::{errln, human_bytes, outln, print_json};
use crate::ReplicateArgs;

/// Prints log lines and finished datasets as they come (nothing with --json, which prints the
/// records at the end).
struct Terminal {
    json: bool,
}

impl Observer for Terminal {
    fn log(&self, line: &str) {
        if !self.json {
            outln!("{line}");
        }
    }

    fn dataset_done(&self, d: &DatasetRun) {
        if !self.json && oneshot::was_up_to_date(d) {
            outln!("{}: up to date with {}", d.destination, d.source);
        }
        if let Some(e) = &d.error {
            errln!("zsplice: {e}");
        }
    }
}

pub fn run(args: ReplicateArgs) -> Result<u8, EngineError> {
    let req = ReplicateRequest {
        source: SourceSpec {
            dataset: DatasetName::new(&args.source)?,
            recursive: args.recursive,
            exclude: args
                .exclude
                .iter()
                .map(|e| DatasetName::new(e))
                .collect::<Result<_, _>>()?,
        },
        destination: DatasetName::new(&args.destination)?,
        on_divergence: OnDivergence::allowing(args.allow_from_scratch),
        parallel: args.parallel.map(usize::from),
    };
    let zfs = Zfs::open()?;
    if args.dry_run {
        let previews = oneshot::preview(&zfs, &req)?;
        if args.json {
            let streams: Vec<_> = previews.iter().flat_map(|p| &p.streams).collect();
            print_json(&streams);
        } else {
            previews.iter().for_each(print_preview);
        }
        return Ok(0);
    }
    let report = oneshot::replicate(&zfs, &req, &Terminal { json: args.json })?;
    if args.json {
        print_json(&report.datasets);
    }
    Ok(report.first_failure().map_or(0, EngineError::exit_code))
}

fn print_preview(p: &PairPreview) {
    if let Some(e) = &p.recopy {
        outln!("would re-copy from scratch: {e}");
    } else if p.is_up_to_date() {
        outln!("{}: up to date with {}", p.destination, p.source);
    }
    for s in &p.streams {
        let size = human_bytes(s.estimated_bytes);
        match &s.from {
            Some(f) => outln!(
                "would send {f} -> @{} into {} (~{size})",
                s.source.short_name(),
                s.destination
            ),
            None => outln!("would send {} (full) into {} (~{size})", s.source, s.destination),
        }
    }
}
