//! The fields of a task definition, as errors about one of them name it (the web UI shows such
//! an error next to its field).

/// A field of a task definition, named as the HTTP API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskField {
    /// `name`
    Name,
    /// `source_datasets` (and `recursive_source_datasets`)
    SourceDatasets,
    /// `exclude`
    Exclude,
    /// `target_dataset`
    TargetDataset,
    /// `schedule`
    Schedule,
    /// `retention`
    Retention,
    /// `naming_schema`
    NamingSchema,
    /// `properties_exclude` and `properties_override`
    Properties,
    /// `source_retention`
    SourceRetention,
    /// `retries`
    Retries,
    /// `stall_timeout`
    StallTimeout,
    /// `keep_runs`
    KeepRuns,
}

impl TaskField {
    /// Every field.
    const ALL: [TaskField; 12] = [
        TaskField::Name,
        TaskField::SourceDatasets,
        TaskField::Exclude,
        TaskField::TargetDataset,
        TaskField::Schedule,
        TaskField::Retention,
        TaskField::NamingSchema,
        TaskField::Properties,
        TaskField::SourceRetention,
        TaskField::Retries,
        TaskField::StallTimeout,
        TaskField::KeepRuns,
    ];

    /// The field whose [`TaskField::as_str`] is `name`; `None` for a definition field none
    /// stands for alone (`recursive`, `properties_exclude`...).
    pub fn named(name: &str) -> Option<TaskField> {
        TaskField::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The field's name in the API's JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskField::Name => "name",
            TaskField::SourceDatasets => "source_datasets",
            TaskField::Exclude => "exclude",
            TaskField::TargetDataset => "target_dataset",
            TaskField::Schedule => "schedule",
            TaskField::Retention => "retention",
            TaskField::NamingSchema => "naming_schema",
            TaskField::Properties => "properties_override",
            TaskField::SourceRetention => "source_retention",
            TaskField::Retries => "retries",
            TaskField::StallTimeout => "stall_timeout",
            TaskField::KeepRuns => "keep_runs",
        }
    }
}
