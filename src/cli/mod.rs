//! The command line: its definition (`args`), and the renderers that turn what the library
//! reports into tables, lines and JSON.
pub mod args;
pub mod daemon;
pub mod datasets;
pub mod docs;
pub mod json;
pub mod logging;
pub mod output;
pub mod preview;
pub mod progress;
pub mod replicate;
pub mod stream;
pub mod stream_args;
pub mod task;
pub mod values;
pub mod version;
