//! The subcommands that have more than a few lines of presentation.
pub mod output;
pub mod replicate;
pub mod stream;
pub mod task;
