//! zsplice: a native local ZFS replication engine. The library is the product (storage firmware
//! embeds it); the `zsplice` binary is a thin CLI over it. This crate forbids `unsafe`: every
//! call into ZFS goes through the safe layer in `zsplice-zfs` (re-exported as [`zfs`]).
//!
//! The engine is in folders, top to bottom: [`model`] (values with no I/O: task definitions,
//! policies, run records), [`replicate`] (planning and carrying out one replication of many
//! datasets, and the one-shot [`replicate::oneshot::replicate`]), [`transfer`] (one stream from
//! `lzc_send` to `lzc_receive`), [`tasks`] (the state directory and stored tasks, their runs and
//! the daemon), [`streamfile`] (streams to and from files), with [`datasets`], [`observe`] and
//! [`error`] beside them. `ARCHITECTURE.md` at the repository root walks one run from the
//! command line to the ioctl and back.
//!
//! # Embedding the engine
//!
//! Open ZFS and the state directory, create a task, start it while an [`Observer`] prints what
//! it reports, then copy one more dataset once without a stored task:
//!
//! ```no_run
//! use zsplice::model::policy::{NamingSchema, Retention, Schedule};
//! use zsplice::model::record::{DatasetRun, RunRecord};
//! use zsplice::model::task::{SourceSpec, TaskSpec};
//! use zsplice::replicate::oneshot::{replicate, ReplicateRequest};
//! use zsplice::tasks::{lifecycle::create_task, run, store::Store};
//! use zsplice::zfs::{DatasetName, Zfs};
//! use zsplice::{EngineError, Observer};
//!
//! /// Prints log lines and progress; called from the worker threads.
//! struct Print;
//!
//! impl Observer for Print {
//!     fn log(&self, line: &str) {
//!         println!("{line}");
//!     }
//!     fn progress(&self, done: u64, total: u64) {
//!         eprint!("\r{done} of {total} bytes");
//!     }
//!     fn dataset_done(&self, d: &DatasetRun) {
//!         println!("{} -> {}: {} bytes", d.source, d.destination, d.bytes);
//!     }
//!     fn run_updated(&self, run: &RunRecord) {
//!         println!("run {} is {}", run.number, run.state.as_str());
//!     }
//! }
//!
//! fn main() -> Result<(), EngineError> {
//!     let zfs = Zfs::open()?;
//!     let store = Store::open("/var/lib/zsplice")?;
//!
//!     let spec = TaskSpec {
//!         name: "nightly".into(),
//!         sources: vec![SourceSpec {
//!             dataset: DatasetName::new("tank/data")?,
//!             recursive: true,
//!             exclude: vec![],
//!         }],
//!         destination: DatasetName::new("backup/data")?,
//!         naming_schema: NamingSchema::default(),
//!         schedule: "0 2 * * *".parse::<Schedule>()?, // 02:00 local time; or Schedule::Once
//!         retention: "2w".parse::<Retention>()?,
//!         allow_from_scratch: false,
//!         readonly: true,
//!         properties: Default::default(),
//!         source_retention: "24".parse()?,
//!         retries: zsplice::model::task::DEFAULT_RETRIES,
//!         stall_timeout: Default::default(),
//!         keep_runs: 30,
//!     };
//!     create_task(&zfs, &store, spec)?;
//!
//!     // Runs in this thread; the record is stored in the state directory as it goes.
//!     let opts = run::StartOptions {
//!         observer: &Print,
//!         ..Default::default()
//!     };
//!     let record = run::start_task(&zfs, &store, "nightly", &opts)?;
//!     println!("run {} moved {} bytes", record.number, record.bytes_done);
//!
//!     // One-shot: no stored task, the source's existing snapshots only.
//!     let req = ReplicateRequest {
//!         source: SourceSpec {
//!             dataset: DatasetName::new("tank/vm")?,
//!             recursive: false,
//!             exclude: vec![],
//!         },
//!         destination: DatasetName::new("backup/vm")?,
//!         on_divergence: Default::default(),
//!         parallel: None,
//!     };
//!     let report = replicate(&zfs, &req, &Print)?;
//!     if let Some(e) = report.first_failure() {
//!         eprintln!("failed (the CLI would exit {}): {e}", e.exit_code());
//!     }
//!     Ok(())
//! }
//! ```
#![warn(missing_docs)]

pub mod cost;
pub mod datasets;
pub mod error;
pub mod model;
pub mod newfile;
pub mod observe;
pub mod platform;
pub mod replicate;
pub mod streamfile;
pub mod tasks;
pub mod transfer;

pub use error::{EngineError, ErrorKind};
pub use observe::Observer;
pub use zsplice_zfs as zfs;
