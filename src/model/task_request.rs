//! A task definition as people write it: the CLI's `task create` flags and the HTTP API's JSON
//! (field names as TrueNAS's replication API has them). One conversion, [`TaskRequest::to_spec`],
//! turns it into a checked [`TaskSpec`], so both front ends accept and refuse the same things;
//! each refusal names the field it is about. [`parse_definition_json`] reads one from JSON (the
//! HTTP API's bodies, the C ABI's strings), its complaints naming their field too.

use std::collections::BTreeMap;

use zsplice_zfs::DatasetName;

use crate::error::EngineError;
pub use crate::model::definition_json::{DefinitionError, DEFINITION_FIELDS};
use crate::model::keep::DEFAULT_KEEP_RUNS;
use crate::model::policy::{PolicyError, DEFAULT_NAMING_SCHEMA};
use crate::model::task::{
    PropertyPolicy, SourceSpec, TaskSpec, DEFAULT_RETRIES, DEFAULT_STALL_TIMEOUT,
};
pub use crate::model::task_field::TaskField;

/// Most retries a task may ask for.
pub const MAX_RETRIES: u32 = 100;

/// A task definition as written, before it is checked. Every field but the name, the sources
/// and the target has a default (the CLI's).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskRequest {
    /// The task's name (a change of a task may leave it out: the task keeps its name).
    #[serde(default)]
    pub name: String,
    /// Sources (recursive when `recursive` is set).
    #[serde(default)]
    pub source_datasets: Vec<String>,
    /// Every source in `source_datasets` with its descendants.
    #[serde(default)]
    pub recursive: bool,
    /// Sources replicated with their descendants whatever `recursive` says.
    #[serde(default)]
    pub recursive_source_datasets: Vec<String>,
    /// Descendants left out of recursive sources.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Where the sources land.
    pub target_dataset: String,
    /// `once` or a cron line.
    #[serde(default = "defaults::schedule")]
    pub schedule: String,
    /// What stays at the destination: `none`, `source` or a duration.
    #[serde(default = "defaults::none")]
    pub retention: String,
    /// How the task names its snapshots.
    #[serde(default = "defaults::naming_schema")]
    pub naming_schema: String,
    /// Make the copies read-only.
    #[serde(default)]
    pub readonly: bool,
    /// Re-copy a diverged destination instead of refusing.
    #[serde(default)]
    pub allow_from_scratch: bool,
    /// Send the sources' locally set properties.
    #[serde(default)]
    pub properties: bool,
    /// Properties never sent.
    #[serde(default)]
    pub properties_exclude: Vec<String>,
    /// Values set on the destination whatever the source says.
    #[serde(default)]
    pub properties_override: BTreeMap<String, String>,
    /// How long the task's own snapshots stay on the source.
    #[serde(default = "defaults::none")]
    pub source_retention: String,
    /// Retries per dataset and run.
    #[serde(default = "defaults::retries")]
    pub retries: u32,
    /// A transfer silent this long is stopped and retried.
    #[serde(default = "defaults::stall_timeout")]
    pub stall_timeout: String,
    /// Run records and logs kept.
    #[serde(default = "defaults::keep_runs")]
    pub keep_runs: u32,
}

/// The defaults serde fills in (the same as the CLI's).
mod defaults {
    pub fn schedule() -> String {
        "once".into()
    }
    pub fn none() -> String {
        "none".into()
    }
    pub fn naming_schema() -> String {
        super::DEFAULT_NAMING_SCHEMA.into()
    }
    pub fn retries() -> u32 {
        super::DEFAULT_RETRIES
    }
    pub fn stall_timeout() -> String {
        humantime::format_duration(super::DEFAULT_STALL_TIMEOUT).to_string()
    }
    pub fn keep_runs() -> u32 {
        super::DEFAULT_KEEP_RUNS
    }
}

/// A task definition from its JSON (an object with [`DEFINITION_FIELDS`]; nothing but
/// whitespace after it). A missing field or a value of the wrong type is told in words and
/// names its field; syntax errors, unknown fields and anything but an object keep serde's
/// words and name none. Only the JSON is checked here: [`TaskRequest::to_spec`] checks the
/// values.
pub fn parse_definition_json(bytes: &[u8]) -> Result<TaskRequest, DefinitionError> {
    crate::model::definition_json::from_json(bytes)
}

impl TaskRequest {
    /// A request with every default, for `name`, `sources` and `target`.
    pub fn new(name: &str, sources: Vec<String>, target: &str) -> TaskRequest {
        TaskRequest {
            name: name.into(),
            source_datasets: sources,
            recursive: false,
            recursive_source_datasets: Vec::new(),
            exclude: Vec::new(),
            target_dataset: target.into(),
            schedule: defaults::schedule(),
            retention: defaults::none(),
            naming_schema: defaults::naming_schema(),
            readonly: false,
            allow_from_scratch: false,
            properties: false,
            properties_exclude: Vec::new(),
            properties_override: BTreeMap::new(),
            source_retention: defaults::none(),
            retries: DEFAULT_RETRIES,
            stall_timeout: defaults::stall_timeout(),
            keep_runs: DEFAULT_KEEP_RUNS,
        }
    }

    /// The definition this request describes, fully checked (without ZFS); an error names
    /// the field it is about.
    pub fn to_spec(&self) -> Result<TaskSpec, EngineError> {
        use TaskField as F;
        crate::model::task::validate_task_name(&self.name).map_err(|e| F::Name.tag(e))?;
        let destination = DatasetName::new(&self.target_dataset)
            .map_err(|e| F::TargetDataset.tag(EngineError::from(e)))?;
        let mut sources = Vec::new();
        for (list, recursive) in [
            (&self.source_datasets, self.recursive),
            (&self.recursive_source_datasets, true),
        ] {
            for s in list {
                sources.push(SourceSpec {
                    dataset: DatasetName::new(s)
                        .map_err(|e| F::SourceDatasets.tag(EngineError::from(e)))?,
                    recursive,
                    exclude: Vec::new(),
                });
            }
        }
        for ex in &self.exclude {
            let ex = DatasetName::new(ex).map_err(|e| F::Exclude.tag(EngineError::from(e)))?;
            let Some(owner) = sources.iter_mut().find(|s| s.dataset.contains(&ex)) else {
                return Err(F::Exclude.tag(EngineError::Usage(format!(
                    "{ex}: excluded dataset is not inside any source"
                ))));
            };
            owner.exclude.push(ex);
        }
        if self.retries > MAX_RETRIES {
            return Err(F::Retries.tag(EngineError::Usage(format!(
                "retries {}: at most {MAX_RETRIES}",
                self.retries
            ))));
        }
        if self.keep_runs == 0 {
            return Err(F::KeepRuns.tag(EngineError::Usage(
                "keep_runs 0: a task keeps at least its newest run".into(),
            )));
        }
        let spec = TaskSpec {
            name: self.name.clone(),
            destination: destination.clone(),
            naming_schema: crate::model::policy::NamingSchema::new(&self.naming_schema)
                .map_err(|e| F::NamingSchema.tag(e))?,
            schedule: self
                .schedule
                .parse()
                .map_err(|e: PolicyError| F::Schedule.tag(e))?,
            retention: self
                .retention
                .parse()
                .map_err(|e: PolicyError| F::Retention.tag(e))?,
            allow_from_scratch: self.allow_from_scratch,
            readonly: self.readonly,
            properties: PropertyPolicy {
                replicate: self.properties,
                exclude: self.properties_exclude.clone(),
                set: self
                    .properties_override
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            },
            source_retention: self
                .source_retention
                .parse()
                .map_err(|e: PolicyError| F::SourceRetention.tag(e))?,
            retries: self.retries,
            stall_timeout: self
                .stall_timeout
                .parse()
                .map_err(|e: PolicyError| F::StallTimeout.tag(e))?,
            keep_runs: self.keep_runs,
            sources,
        };
        // The whole: sources against each other and the target, property names.
        crate::model::task::check_sources(&spec.sources, &destination).map_err(|e| {
            let field = if e.to_string().contains("destination") {
                F::TargetDataset
            } else if e.to_string().contains("exclude") {
                F::Exclude
            } else {
                F::SourceDatasets
            };
            field.tag(e)
        })?;
        spec.validate().map_err(|e| F::Properties.tag(e))?;
        Ok(spec)
    }
}

impl From<&TaskSpec> for TaskRequest {
    /// The request that gives `spec` back: all-recursive sources read as `recursive`.
    fn from(spec: &TaskSpec) -> TaskRequest {
        let all_recursive = spec.sources.iter().all(|s| s.recursive);
        let (recursive, plain): (Vec<&SourceSpec>, Vec<&SourceSpec>) = if all_recursive {
            (Vec::new(), spec.sources.iter().collect())
        } else {
            spec.sources.iter().partition(|s| s.recursive)
        };
        let names = |v: Vec<&SourceSpec>| v.iter().map(|s| s.dataset.to_string()).collect();
        TaskRequest {
            name: spec.name.clone(),
            source_datasets: names(plain),
            recursive: all_recursive && !spec.sources.is_empty(),
            recursive_source_datasets: names(recursive),
            exclude: spec
                .sources
                .iter()
                .flat_map(|s| s.exclude.iter().map(|e| e.to_string()))
                .collect(),
            target_dataset: spec.destination.to_string(),
            schedule: spec.schedule.to_string(),
            retention: spec.retention.to_string(),
            naming_schema: spec.naming_schema.as_str().into(),
            readonly: spec.readonly,
            allow_from_scratch: spec.allow_from_scratch,
            properties: spec.properties.replicate,
            properties_exclude: spec.properties.exclude.clone(),
            properties_override: spec.properties.set.iter().cloned().collect(),
            source_retention: spec.source_retention.to_string(),
            retries: spec.retries,
            stall_timeout: spec.stall_timeout.to_string(),
            keep_runs: spec.keep_runs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(json: &str) -> Option<&'static str> {
        let req: TaskRequest = serde_json::from_str(json).unwrap();
        req.to_spec()
            .err()
            .and_then(|e| e.field())
            .map(TaskField::as_str)
    }

    #[test]
    fn defaults_are_the_cli_defaults_and_round_trip() {
        let req: TaskRequest = serde_json::from_str(
            r#"{"name":"t","source_datasets":["p/a","p/b"],"target_dataset":"q/c"}"#,
        )
        .unwrap();
        assert_eq!(
            req,
            TaskRequest::new("t", vec!["p/a".into(), "p/b".into()], "q/c")
        );
        let spec = req.to_spec().unwrap();
        assert_eq!(spec.retries, DEFAULT_RETRIES);
        assert_eq!(spec.stall_timeout.0, DEFAULT_STALL_TIMEOUT);
        assert_eq!(TaskRequest::from(&spec), req);
    }

    #[test]
    fn mixed_recursion_and_excludes_round_trip() {
        let mut req = TaskRequest::new("t", vec!["p/a".into()], "q/c");
        req.recursive_source_datasets = vec!["p/b".into()];
        req.exclude = vec!["p/b/x".into()];
        req.properties_override
            .insert("compression".into(), "zstd".into());
        let spec = req.to_spec().unwrap();
        assert!(spec.sources[1].recursive && spec.sources[1].exclude.len() == 1);
        assert_eq!(TaskRequest::from(&spec), req);
    }

    #[test]
    fn each_refusal_names_its_field() {
        let base = r#""source_datasets":["p/a"],"target_dataset":"q/c""#;
        assert_eq!(
            field_of(&format!(r#"{{"name":"a b",{base}}}"#)),
            Some("name")
        );
        assert_eq!(
            field_of(r#"{"name":"t","source_datasets":["p/a"],"target_dataset":"q//c"}"#),
            Some("target_dataset")
        );
        assert_eq!(
            field_of(r#"{"name":"t","source_datasets":[],"target_dataset":"q/c"}"#),
            Some("source_datasets")
        );
        assert_eq!(
            field_of(r#"{"name":"t","source_datasets":["p/a"],"target_dataset":"p/a/x"}"#),
            Some("target_dataset")
        );
        for (key, value, field) in [
            ("schedule", "\"every day\"", "schedule"),
            ("retention", "\"forever\"", "retention"),
            ("naming_schema", "\"nodate\"", "naming_schema"),
            ("stall_timeout", "\"0s\"", "stall_timeout"),
            ("source_retention", "\"0\"", "source_retention"),
            ("retries", "101", "retries"),
            ("keep_runs", "0", "keep_runs"),
            ("exclude", "[\"p/z\"]", "exclude"),
        ] {
            let json = format!(r#"{{"name":"t",{base},"{key}":{value}}}"#);
            assert_eq!(field_of(&json), Some(field), "{json}");
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        let e = serde_json::from_str::<TaskRequest>(
            r#"{"name":"t","source_datasets":["p/a"],"target_dataset":"q","colour":"red"}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown field `colour`"), "{e}");
    }
}
