//! `zsplice replicate`: a one-shot copy of existing snapshots, no stored task. Parses the
//! arguments into a request, calls the library, renders what it reports.

use std::time::Instant;

use zsplice::cost::RunCost;
use zsplice::model::record::DatasetRun;
use zsplice::model::task::SourceSpec;
use zsplice::observe::Observer;
use zsplice::replicate::oneshot::{self, ReplicateRequest};
use zsplice::replicate::refusal::OnDivergence;
use zsplice::zfs::{DatasetName, Zfs};
use zsplice::EngineError;

use super::args::ReplicateArgs;
use super::json;
use super::output::{errln, outln};
use super::preview::print_pair;

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
    let started = Instant::now();
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
    let done = execute(&zfs, &args, &req);
    if args.stats {
        // Also for a refused or failed run: what it cost before it stopped is what a user
        // tuning a schedule wants to see (how many datasets it reached is then unknown).
        let datasets = done.as_ref().ok().map(|(_, n)| *n);
        errln!(
            "zsplice: stats: {}",
            RunCost::measure(&zfs, started, datasets)
        );
    }
    done.map(|(code, _)| code)
}

/// Previews or runs `req` and prints what it did: the exit code and how many datasets it
/// covered.
fn execute(
    zfs: &Zfs,
    args: &ReplicateArgs,
    req: &ReplicateRequest,
) -> Result<(u8, usize), EngineError> {
    if args.dry_run {
        let previews = oneshot::preview(zfs, req)?;
        if args.json {
            let streams: Vec<_> = previews.iter().flat_map(|p| &p.streams).collect();
            json::print_result(&streams);
        } else {
            previews.iter().for_each(print_pair);
        }
        return Ok((0, previews.len()));
    }
    let report = oneshot::replicate(zfs, req, &Terminal { json: args.json })?;
    if args.json {
        // A failed dataset makes the whole command's error; each is in its record too.
        json::print_outcome(Some(&report.datasets), report.first_failure());
    }
    let code = report.first_failure().map_or(0, EngineError::exit_code);
    Ok((code, report.datasets.len()))
}
