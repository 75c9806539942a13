//! Moving one stream from `lzc_send` to `lzc_receive` through a pair of pipes with `splice(2)`,
//! watched for stalls and stop requests, with the retry rules for failures that can pass.

pub mod fault;
pub mod pipe;
pub mod retry;
pub mod supervise;
