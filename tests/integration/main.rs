//! Integration tests against real ZFS. On a host without ZFS they skip with a message (and the
//! missing-/dev/zfs test runs for real); `scripts/test.sh` runs them inside the OpenZFS guest with
//! ZSPLICE_REQUIRE_ZFS=1, where a skip is a failure.
mod cli_output;
mod faults;
mod helpers;
mod service;
mod soak;
mod streams;
mod tasks;
mod unattended;
mod zfs_layer;
