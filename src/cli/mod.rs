//! The subcommands that have more than a few lines of presentation.
pub mod daemon;
pub mod logging;
pub mod output;
pub mod replicate;
pub mod stream;
pub mod task;
