//! `zsplice replicate`: a one-shot copy of existing snapshots, no stored task.

use std::sync::atomic::AtomicU64;

use zsplice::model::task::{check_sources, SourceSpec};
use zsplice::replicate::plan::PlanError;
use zsplice::replicate::{
    execute::Executor, options::JobOptions, pair_plan::plan_pairs, pairs::expand,
};
use zsplice::zfs::{DatasetName, Zfs};
use zsplice::EngineError;

use super::output::{errln, human_bytes, outln, print_json};
use crate::ReplicateArgs;

pub fn run(args: ReplicateArgs) -> Result<u8, EngineError> {
    let src = DatasetName::new(&args.source)?;
    let dst = DatasetName::new(&args.destination)?;
    let exclude = args
        .exclude
        .iter()
        .map(|e| DatasetName::new(e))
        .collect::<Result<Vec<_>, _>>()?;
    let sources = [SourceSpec {
        dataset: src,
        recursive: args.recursive,
        exclude,
    }];
    check_sources(&sources, &dst)?;
    let zfs = Zfs::open()?;
    let opts = JobOptions {
        allow_from_scratch: args.allow_from_scratch,
        parallel: args.parallel.map_or_else(
            zsplice::replicate::options::default_parallelism,
            usize::from,
        ),
        ..Default::default()
    };
    let pairs = expand(&zfs, &sources, &dst)?;
    let plans = plan_pairs(&zfs, &pairs, &opts)?;
    let refusals: Vec<PlanError> = plans
        .iter()
        .filter_map(|p| p.outcome.as_ref().err().cloned())
        .collect();
    let fatal = refusals
        .iter()
        .any(|r| matches!(r, PlanError::NoSourceSnapshots { .. }))
        || !args.allow_from_scratch;
    if !refusals.is_empty() && fatal {
        return Err(EngineError::refusals(refusals));
    }

    if args.dry_run {
        let mut rows = Vec::new();
        for plan in &plans {
            if let Err(e) = &plan.outcome {
                if !args.json {
                    outln!("would re-copy from scratch: {e}");
                }
                continue;
            }
            let steps = plan.step_estimates(&zfs, opts.flags)?;
            if steps.is_empty() && !args.json {
                outln!(
                    "{}: up to date with {}",
                    plan.pair.destination,
                    plan.pair.source
                );
            }
            for (step, bytes) in steps {
                let to = plan.pair.source.snapshot(step.to())?;
                let from = step.from().map(|f| format!("{}@{f}", plan.pair.source));
                let into = plan.pair.destination.snapshot(step.to())?;
                if !args.json {
                    match &from {
                        Some(f) => outln!(
                            "would send {f} -> @{} into {into} (~{})",
                            step.to(),
                            human_bytes(bytes)
                        ),
                        None => outln!(
                            "would send {to} (full) into {into} (~{})",
                            human_bytes(bytes)
                        ),
                    }
                }
                rows.push(serde_json::json!({
                    "source": to.as_str(), "from": from, "destination": into.as_str(),
                    "estimated_bytes": bytes,
                }));
            }
        }
        if args.json {
            print_json(&rows);
        }
        return Ok(0);
    }

    let progress = AtomicU64::new(0);
    let exec = Executor {
        zfs: &zfs,
        opts: &opts,
        progress: &progress,
        features: Default::default(),
        cancel: None,
        slots: None,
    };
    let quiet = args.json;
    let log = |line: &str| {
        if !quiet {
            outln!("{line}");
        }
    };
    let records = std::sync::Mutex::new(Vec::new());
    let first_error = std::sync::Mutex::new(None);
    exec.run_all(plans, &log, &|out| {
        if !quiet && out.record.mode == "up to date" {
            outln!(
                "{}: up to date with {}",
                out.record.destination,
                out.record.source
            );
        }
        if let Err(e) = &out.result {
            errln!("zsplice: {e}");
        }
        let mut first = first_error.lock().unwrap_or_else(|p| p.into_inner());
        if let Err(e) = out.result {
            first.get_or_insert(e);
        }
        records
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(out.record);
    });
    let records = records.into_inner().unwrap_or_else(|p| p.into_inner());
    let first_error = first_error.into_inner().unwrap_or_else(|p| p.into_inner());
    if args.json {
        print_json(&records);
    }
    match first_error {
        Some(e) => Ok(e.exit_code()),
        None => Ok(0),
    }
}
