//! Integration tests against real ZFS (run in the guest by scripts/test.sh).
