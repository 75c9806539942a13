//! The one shape of every `--json` output (docs/json.md): an envelope that says which version
//! of the format this is and which command wrote it, around the command's result, or its
//! error when it failed:
//!
//! ```json
//! {"zsplice_json": 1, "command": "task show", "result": {...}}
//! {"zsplice_json": 1, "command": "task show", "error": {"kind": "usage", "exit_code": 2, "message": "..."}}
//! ```
//!
//! A command whose work partly failed (a `task start` whose run failed, a `replicate` with a
//! failed dataset) has both. Each command's run calls [`begin`] once; its renderers then print
//! through [`print_result`] / [`print_outcome`], and `main` prints the error envelope of a
//! command that failed before printing one itself.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use serde_json::{json, Value};
use zsplice::{EngineError, ErrorKind};

use super::args::JsonChannel;
use super::output::{errln, print_json};

/// The version of the JSON format. It changes when a field is removed or renamed, or its
/// meaning or type changes; added fields do not change it.
pub const VERSION: u64 = 1;

/// The command being run with `--json`, and where its JSON goes.
static TARGET: OnceLock<(&'static str, JsonChannel)> = OnceLock::new();
/// Whether this command's envelope was printed already.
static PRINTED: AtomicBool = AtomicBool::new(false);

/// Notes that `command` runs with `--json`, its JSON going to `channel`.
pub fn begin(command: &'static str, channel: JsonChannel) {
    let _ = TARGET.set((command, channel));
}

/// Whether an envelope was printed.
pub fn printed() -> bool {
    PRINTED.load(Ordering::Relaxed)
}

/// The name a failure's kind has in JSON: one word per exit code (docs/json.md), so the finer
/// kinds read as the exit code they share.
pub fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Failed | ErrorKind::Busy | ErrorKind::Unavailable => "failed",
        ErrorKind::Usage | ErrorKind::NotFound | ErrorKind::Conflict => "usage",
        ErrorKind::Refused => "refused",
    }
}

/// The `error` object of an envelope.
pub fn error_object(kind: ErrorKind, message: &str) -> Value {
    json!({
        "kind": kind_name(kind),
        "exit_code": kind.exit_code(),
        "message": message,
    })
}

/// Every `--json` output: the format's version, the command, its result and/or its error (in
/// this order on output).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Envelope {
    pub zsplice_json: u64,
    pub command: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
}

/// The envelope of `command`'s output: its result, its error, or both.
pub fn envelope(command: &str, result: Option<Value>, error: Option<Value>) -> Envelope {
    Envelope {
        zsplice_json: VERSION,
        command: command.to_string(),
        result,
        error,
    }
}

/// Prints the envelope of the running command (see [`begin`]), once.
fn print(result: Option<Value>, error: Option<Value>) {
    let (command, channel) = TARGET
        .get()
        .copied()
        .unwrap_or(("zsplice", JsonChannel::Stdout));
    let env = envelope(command, result, error);
    PRINTED.store(true, Ordering::Relaxed);
    // Standard error when standard output carries something else (a `send` stream).
    match channel {
        JsonChannel::Stdout => print_json(&env),
        JsonChannel::Stderr => {
            errln!("{}", serde_json::to_string_pretty(&env).unwrap_or_default())
        }
    }
}

/// Prints the running command's result.
pub fn print_result<T: serde::Serialize + ?Sized>(result: &T) {
    print(Some(to_value(result)), None);
}

/// Prints the running command's result (if any) with its error (if any).
pub fn print_outcome<T: serde::Serialize + ?Sized>(
    result: Option<&T>,
    error: Option<&EngineError>,
) {
    print(
        result.map(to_value),
        error.map(|e| error_object(e.kind(), &e.to_string())),
    );
}

/// Prints the envelope of a command that failed with `e` and printed nothing yet.
pub fn print_error(e: &EngineError) {
    if !printed() {
        print(None, Some(error_object(e.kind(), &e.to_string())));
    }
}

/// Prints the envelope of a command line clap refused (`command`: as far as it was read).
pub fn print_usage_error(command: &str, message: &str) {
    print_json(&envelope(
        command,
        None,
        Some(error_object(ErrorKind::Usage, message)),
    ));
}

fn to_value<T: serde::Serialize + ?Sized>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_wrapped_with_the_version_and_command() {
        let env = envelope("task show", Some(json!({"task": {"name": "t1"}})), None);
        let text = serde_json::to_string(&env).unwrap();
        assert!(
            text.starts_with(r#"{"zsplice_json":1,"command":"task show","#),
            "{text}"
        );
        let env = serde_json::to_value(&env).unwrap();
        assert_eq!(
            env,
            json!({"zsplice_json": 1, "command": "task show", "result": {"task": {"name": "t1"}}})
        );
        assert!(env.get("error").is_none());
    }

    #[test]
    fn an_error_carries_its_kind_exit_code_and_message() {
        let e = EngineError::Usage("task 'x' does not exist".into());
        let env = envelope(
            "task show",
            None,
            Some(error_object(e.kind(), &e.to_string())),
        );
        let env = serde_json::to_value(&env).unwrap();
        assert_eq!(
            env,
            json!({
                "zsplice_json": 1, "command": "task show",
                "error": {"kind": "usage", "exit_code": 2, "message": "task 'x' does not exist"},
            })
        );
        assert!(env.get("result").is_none());
        for (kind, name, code) in [
            (ErrorKind::Failed, "failed", 1),
            (ErrorKind::Usage, "usage", 2),
            (ErrorKind::Refused, "refused", 3),
        ] {
            let o = error_object(kind, "m");
            assert_eq!(
                (o["kind"].as_str(), o["exit_code"].as_u64()),
                (Some(name), Some(code))
            );
        }
    }

    #[test]
    fn a_partial_failure_has_both() {
        let env = envelope(
            "task start",
            Some(json!({"state": "failed"})),
            Some(error_object(ErrorKind::Failed, "p/a: busy")),
        );
        let env = serde_json::to_value(&env).unwrap();
        assert_eq!(env["result"]["state"], "failed");
        assert_eq!(env["error"]["exit_code"], 1);
    }
}
