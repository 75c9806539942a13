//! A replication task's definition and the bookkeeping that persists with it. Creating a task
//! validates everything that can be checked without ZFS: names, overlapping sources, a
//! destination inside a source, excludes outside their source, schedule, retention, schema.

use std::collections::BTreeMap;

use zsplice_zfs::DatasetName;

use crate::model::keep::SourceRetention;
use crate::model::policy::{NamingSchema, PolicyError, Retention, Schedule};

/// One source of a task.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceSpec {
    /// The source filesystem or volume (the top of the tree when recursive).
    pub dataset: DatasetName,
    /// Also replicate every descendant filesystem and volume.
    #[serde(default)]
    pub recursive: bool,
    /// Descendants (with their own descendants) left out of a recursive source.
    #[serde(default)]
    pub exclude: Vec<DatasetName>,
}

/// Which properties travel with the data (as received properties, like `zfs send -p`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PropertyPolicy {
    /// Send the source's locally set properties.
    #[serde(default)]
    pub replicate: bool,
    /// Properties never sent (besides those zsplice never sends, like mountpoint).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Values set on the destination whatever the source says (`name=value`).
    #[serde(default)]
    pub set: Vec<(String, String)>,
}

/// What the user defines.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TaskSpec {
    /// The task's name: its file name in the state directory and its hold tag's suffix.
    pub name: String,
    /// What to replicate; they must not overlap.
    pub sources: Vec<SourceSpec>,
    /// Where the sources land: itself for one source, else `<destination>/<source without pool>`.
    pub destination: DatasetName,
    /// How the task names the snapshots it takes.
    #[serde(default)]
    pub naming_schema: NamingSchema,
    /// When the daemon runs it.
    pub schedule: Schedule,
    /// What stays at the destination.
    pub retention: Retention,
    /// Re-copy a diverged destination from scratch instead of refusing.
    #[serde(default)]
    pub allow_from_scratch: bool,
    /// Make replicated datasets read-only at the destination.
    #[serde(default)]
    pub readonly: bool,
    /// Which properties travel with the data.
    #[serde(default)]
    pub properties: PropertyPolicy,
    /// How long the task's own snapshots stay on the source.
    #[serde(default)]
    pub source_retention: SourceRetention,
    /// How often a dataset that failed for a reason that can pass is tried again in one run.
    #[serde(default = "default_retries")]
    pub retries: u32,
    /// A transfer that moves nothing for this long is stopped, and retried.
    #[serde(default)]
    pub stall_timeout: StallTimeout,
    /// How many runs (records and logs) are kept; the newest failed one always stays.
    #[serde(default = "default_keep_runs")]
    pub keep_runs: u32,
}

fn default_retries() -> u32 {
    DEFAULT_RETRIES
}

fn default_keep_runs() -> u32 {
    crate::model::keep::DEFAULT_KEEP_RUNS
}

/// How long a transfer may go without progress, written as a duration (`10m`, `90s`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StallTimeout(pub std::time::Duration);

impl Default for StallTimeout {
    fn default() -> StallTimeout {
        StallTimeout(DEFAULT_STALL_TIMEOUT)
    }
}

impl std::str::FromStr for StallTimeout {
    type Err = PolicyError;
    fn from_str(s: &str) -> Result<StallTimeout, PolicyError> {
        let bad = |reason: String| PolicyError::StallTimeout {
            value: s.into(),
            reason,
        };
        let text = s.trim();
        let d = humantime::parse_duration(text)
            .map_err(|e| bad(crate::model::policy::duration_problem(text, &e)))?;
        if d < std::time::Duration::from_secs(1) {
            return Err(bad("must be at least a second".into()));
        }
        Ok(StallTimeout(d))
    }
}

impl TryFrom<String> for StallTimeout {
    type Error = PolicyError;
    fn try_from(s: String) -> Result<Self, PolicyError> {
        s.parse()
    }
}

impl From<StallTimeout> for String {
    fn from(t: StallTimeout) -> String {
        t.to_string()
    }
}

impl std::fmt::Display for StallTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", humantime::format_duration(self.0))
    }
}

/// How long a transfer may go without moving a byte before the watchdog stops it (zettarepl
/// and TrueNAS also give up on a silent transfer after minutes, not hours).
pub const DEFAULT_STALL_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(600);

/// How often a failed dataset is tried again within one run (zettarepl's default).
pub const DEFAULT_RETRIES: u32 = 5;

/// A stored task: its definition plus what runs remember between them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Task {
    /// The definition, as created.
    #[serde(flatten)]
    pub spec: TaskSpec,
    /// Creation time (epoch seconds).
    pub created: u64,
    /// Per source dataset, the snapshot holding this task's hold (the incremental base).
    #[serde(default)]
    pub held: BTreeMap<String, String>,
    /// Holds being placed or released right now, written before the first of them is touched:
    /// a crash in between leaves them here, and the next run or `task delete` settles them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holds_in_flight: Vec<String>,
}

impl Task {
    /// A task that has never run: no holds yet, created at `created` (epoch seconds).
    pub fn new(spec: TaskSpec, created: u64) -> Task {
        Task {
            spec,
            created,
            held: BTreeMap::new(),
            holds_in_flight: Vec::new(),
        }
    }

    /// The tag of the hold this task keeps on each source's incremental base.
    pub fn hold_tag(&self) -> String {
        hold_tag(&self.spec.name)
    }
}

/// Checks a task name: it becomes a file name and part of a ZFS hold tag.
pub fn validate_task_name(name: &str) -> Result<(), PolicyError> {
    let bad = |reason| {
        Err(PolicyError::TaskName {
            name: name.escape_default().to_string(),
            reason,
        })
    };
    if name.is_empty() {
        return bad("it is empty");
    }
    if name.len() > 64 {
        return bad("it is longer than 64 characters");
    }
    if name.starts_with(['.', '-']) {
        return bad("it must not start with '.' or '-'");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return bad("only letters, digits, '-', '_' and '.' are allowed");
    }
    Ok(())
}

/// The hold tag that names task `name`.
pub fn hold_tag(name: &str) -> String {
    format!("zsplice:{name}")
}

impl TaskSpec {
    /// Checks the definition as a whole (each field was checked when parsed).
    pub fn validate(&self) -> Result<(), PolicyError> {
        validate_task_name(&self.name)?;
        check_sources(&self.sources, &self.destination)?;
        for (name, value) in &self.properties.set {
            check_property_name(name)?;
            // The receive would drop a property ZFS does not know, or may not set, silently;
            // and a value not in the form the kernel takes (`compression` as its index).
            if let Some(why) = zsplice_zfs::props::why_not_settable(name) {
                return Err(PolicyError::Task(format!("cannot set {name}: {why}")));
            }
            zsplice_zfs::props::to_kernel(name, value).map_err(PolicyError::Task)?;
        }
        for name in &self.properties.exclude {
            check_property_name(name)?;
            if !zsplice_zfs::props::exists(name) {
                return Err(PolicyError::Task(format!(
                    "cannot exclude {}: it is not a ZFS property",
                    name.escape_default()
                )));
            }
        }
        Ok(())
    }
}

fn check_property_name(name: &str) -> Result<(), PolicyError> {
    if name.is_empty()
        || name.len() > 255
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c))
    {
        return Err(PolicyError::Task(format!(
            "'{}' is not a property name",
            name.escape_default()
        )));
    }
    Ok(())
}

/// Sources must not repeat or nest, the destination must be outside all of them (and not
/// contain them), and every exclude must lie inside its recursive source.
pub fn check_sources(sources: &[SourceSpec], destination: &DatasetName) -> Result<(), PolicyError> {
    let usage = |m: String| Err(PolicyError::Task(m));
    if sources.is_empty() {
        return usage("a task needs at least one source (--source)".into());
    }
    for (i, s) in sources.iter().enumerate() {
        for other in &sources[i + 1..] {
            if s.dataset == other.dataset {
                return usage(format!("{}: source listed twice", s.dataset));
            }
            if s.dataset.contains(&other.dataset) || other.dataset.contains(&s.dataset) {
                let (outer, inner) = if s.dataset.contains(&other.dataset) {
                    (&s.dataset, &other.dataset)
                } else {
                    (&other.dataset, &s.dataset)
                };
                return usage(format!(
                    "{inner}: source is inside another source, {outer}; use one recursive \
                     source instead"
                ));
            }
        }
        if s.dataset.contains(destination) || destination.contains(&s.dataset) {
            return usage(format!(
                "{destination}: destination must not be inside its source {} or contain it",
                s.dataset
            ));
        }
        for ex in &s.exclude {
            if !s.recursive {
                return usage(format!(
                    "{ex}: --exclude only applies to a recursive source, and {} is not recursive",
                    s.dataset
                ));
            }
            if ex == &s.dataset || !s.dataset.contains(ex) {
                return usage(format!(
                    "{ex}: excluded dataset is not a descendant of the source {}",
                    s.dataset
                ));
            }
        }
    }
    // Several sources land at <destination>/<source without its pool>: two must not collide.
    if sources.len() > 1 {
        let mut seen = BTreeMap::new();
        for s in sources {
            let target = landing(destination, &s.dataset, sources.len())?;
            if let Some(prev) = seen.insert(target.to_string(), &s.dataset) {
                return usage(format!(
                    "{target}: sources {prev} and {} would both land there",
                    s.dataset
                ));
            }
        }
    }
    Ok(())
}

/// Where source `source` lands: the destination itself for a single source, otherwise
/// `<destination>/<source name without its pool>` (the pool's name for a whole pool).
pub fn landing(
    destination: &DatasetName,
    source: &DatasetName,
    source_count: usize,
) -> Result<DatasetName, PolicyError> {
    if source_count <= 1 {
        return Ok(destination.clone());
    }
    let rest = source
        .as_str()
        .split_once('/')
        .map_or(source.as_str(), |(_, rest)| rest);
    destination
        .child(rest)
        .map_err(|e| PolicyError::Task(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(name: &str, recursive: bool, exclude: &[&str]) -> SourceSpec {
        SourceSpec {
            dataset: name.parse().unwrap(),
            recursive,
            exclude: exclude.iter().map(|e| e.parse().unwrap()).collect(),
        }
    }
    fn ds(n: &str) -> DatasetName {
        n.parse().unwrap()
    }

    #[test]
    fn sources_land_under_the_destination_without_their_pool() {
        assert_eq!(landing(&ds("b/dst"), &ds("p/a"), 1).unwrap(), ds("b/dst"));
        assert_eq!(
            landing(&ds("b/dst"), &ds("p/a/x"), 2).unwrap(),
            ds("b/dst/a/x")
        );
        assert_eq!(landing(&ds("b/dst"), &ds("p"), 2).unwrap(), ds("b/dst/p"));
    }

    #[test]
    fn overlapping_sources_and_destinations_are_refused() {
        let dst = ds("b/dst");
        let msg = |s: &[SourceSpec], d: &DatasetName| check_sources(s, d).unwrap_err().to_string();
        assert!(check_sources(
            &[src("p/a", true, &["p/a/x"]), src("p/b", false, &[])],
            &dst
        )
        .is_ok());
        assert_eq!(
            msg(&[src("p/a", false, &[]), src("p/a", false, &[])], &dst),
            "p/a: source listed twice"
        );
        assert!(
            msg(&[src("p/a", true, &[]), src("p/a/b", false, &[])], &dst)
                .contains("inside another source, p/a")
        );
        assert!(msg(&[src("p/a", false, &[])], &ds("p/a/backup")).contains("must not be inside"));
        assert!(msg(&[src("p/a", false, &[])], &ds("p")).contains("must not be inside"));
        assert!(msg(&[src("p/a", false, &["p/a/x"])], &dst).contains("not recursive"));
        assert!(msg(&[src("p/a", true, &["p/b"])], &dst).contains("not a descendant"));
        assert!(msg(&[src("p/a", false, &[]), src("q/a", false, &[])], &dst)
            .contains("would both land there"));
        assert!(msg(&[], &dst).contains("at least one"));
    }
}
