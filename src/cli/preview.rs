//! Dry runs as the terminal shows them, for `replicate --dry-run` and `task start --dry-run`.

use zsplice::replicate::oneshot::{PairPreview, PlannedStream};
use zsplice::replicate::plan::stream_words;

use super::output::{human_bytes, outln};

/// One dataset's part of a dry run: what would be re-copied, or is up to date, and each stream
/// that would be sent with its estimated size.
pub fn print_pair(p: &PairPreview) {
    if let Some(e) = &p.recopy {
        outln!("would re-copy from scratch: {e}");
    } else if p.is_up_to_date() {
        outln!("{}: up to date with {}", p.destination, p.source);
    }
    p.streams.iter().for_each(print_stream);
}

/// One stream a dry run would send, with its estimated size.
pub fn print_stream(s: &PlannedStream) {
    outln!(
        "would send {} (~{})",
        stream_words(&s.source, s.from.as_deref(), &s.destination),
        human_bytes(s.estimated_bytes)
    );
}
