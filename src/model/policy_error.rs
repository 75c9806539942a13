//! Why a policy value was rejected, in zsplice's words: [`PolicyError`] and the sentences its
//! messages are made of. A leaf of `model` (it imports nothing of the crate), re-exported by
//! `model::policy`, where its paths have always been.

/// The default naming schema, as in TrueNAS periodic snapshot tasks.
pub const DEFAULT_NAMING_SCHEMA: &str = "auto-%Y-%m-%d_%H-%M";

/// What `--schedule` accepts, for the end of every schedule error.
const SCHEDULE_HINT: &str = "use 'once', a 5-field cron line such as '0 2 * * *' (local time), \
                             or @hourly, @daily, @weekly, @monthly, @yearly";

/// Why a policy value was rejected: one sentence in zsplice's words (value, fault, what works).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error(
        "naming schema '{schema}': {reason}; use a strftime pattern with %Y, %m, %d, %H and %M, \
         such as '{DEFAULT_NAMING_SCHEMA}'"
    )]
    /// A naming schema zsplice cannot use.
    NamingSchema {
        /// The schema as given.
        schema: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A schedule that is neither `once`, a 5-field cron line nor an `@` shorthand.
    #[error("schedule '{schedule}': {reason}; {SCHEDULE_HINT}")]
    Schedule {
        /// The schedule as given.
        schedule: String,
        /// What is wrong with it.
        reason: String,
    },
    #[error(
        "retention '{retention}': {reason}; use 'source' (remove what the source no longer has), \
         'none' (keep everything) or a duration such as 2w, 36h, 1y"
    )]
    /// A destination retention that is not `source`, `none` or a duration of a minute or more.
    Retention {
        /// The retention as given.
        retention: String,
        /// What is wrong with it.
        reason: String,
    },
    #[error(
        "source retention '{retention}': {reason}; use 'none', a count such as 24 (keep the \
         newest 24) or a duration such as 2w"
    )]
    /// A source retention that is not `none`, a count or a duration.
    SourceRetention {
        /// The source retention as given.
        retention: String,
        /// What is wrong with it.
        reason: String,
    },
    #[error(
        "stall timeout '{value}': {reason}; use a duration of a second or more, such as 90s, \
         10m or 1h"
    )]
    /// A stall timeout that is not a duration of a second or more.
    StallTimeout {
        /// The timeout as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A task name that cannot be a file name in the state directory.
    #[error("invalid task name '{name}': {reason}")]
    TaskName {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A task definition that does not hold together (sources overlapping, a bad property
    /// name...): the sentence says what and where.
    #[error("{0}")]
    Task(String),
    /// Any other option value that was rejected.
    #[error("{what} '{value}': {reason}")]
    Option {
        /// The option, in the user's words (such as "--jobs").
        what: &'static str,
        /// The value as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Why `text` is not a duration, in words that fit `forever` (not "expected number at 0").
pub(crate) fn duration_problem(text: &str, e: &humantime::DurationError) -> String {
    use humantime::DurationError as E;
    match e {
        E::Empty => "is empty".into(),
        E::InvalidCharacter(at) => text
            .get(*at..)
            .and_then(|t| t.chars().next())
            .map_or("is not a duration".into(), |c| {
                format!("'{}' cannot be part of a duration", c.escape_default())
            }),
        E::NumberExpected(0) => "is not a duration (it must start with a number)".into(),
        E::NumberExpected(_) => "is not a duration (each unit needs a number before it)".into(),
        E::UnknownUnit { unit, value, .. } if unit.is_empty() => {
            format!("{value} needs a unit, such as {value}d or {value}h")
        }
        E::UnknownUnit { unit, .. } => format!(
            "'{}' is not a unit zsplice knows (s, min, h, d, w, M for months, y)",
            unit.escape_default()
        ),
        E::NumberOverflow => "is too long a duration".into(),
    }
}
