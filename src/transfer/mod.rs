//! Moving streams from `lzc_send` to `lzc_receive` through pipes with `splice(2)`, one at a time
//! or a pair's catch-up as one chain, watched for stalls and stop requests, with the retry rules
//! for failures that can pass.

pub mod chain;
pub mod fault;
pub mod pipe;
pub mod retry;
pub mod supervise;
