//! zsplice
