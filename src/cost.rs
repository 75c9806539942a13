//! What a replication cost, for `--stats`: the requests it made to the kernel per pool (the
//! ZFS handle counts them) and on average per dataset, how many datasets they were for, the
//! wall-clock time and the process's peak memory. Lets a user (and the peer benchmark) see where a run's time goes
//! without a tracer.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, Instant};

use zsplice_zfs::Zfs;

/// What a run cost.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunCost {
    /// Requests to the kernel (ioctls, each libzfs_core call being one), per pool.
    pub ioctls: BTreeMap<String, u64>,
    /// Datasets the run covered (pairs: one source and one destination each); None when it
    /// stopped (refused, failed) before it reported them.
    pub datasets: Option<usize>,
    /// Wall-clock time, in seconds.
    pub seconds: f64,
    /// The process's peak resident memory in bytes (`VmHWM`), when the kernel tells it.
    pub peak_rss_bytes: Option<u64>,
}

impl RunCost {
    /// Reads what `zfs` counted and the process's peak memory, for a run of `datasets`
    /// datasets (None: it stopped before it said) that began at `started`.
    pub fn measure(zfs: &Zfs, started: Instant, datasets: Option<usize>) -> RunCost {
        RunCost {
            ioctls: zfs.ioctls(),
            datasets,
            seconds: started.elapsed().as_secs_f64(),
            peak_rss_bytes: peak_rss(),
        }
    }

    /// Requests in all.
    pub fn total_ioctls(&self) -> u64 {
        self.ioctls.values().sum()
    }
}

impl fmt::Display for RunCost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let per = |n: u64| match self.datasets {
            Some(d) if d > 0 => format!(" ({:.1} per dataset)", n as f64 / d as f64),
            _ => String::new(),
        };
        let took =
            humantime::format_duration(Duration::from_millis((self.seconds * 1000.0) as u64));
        match self.datasets {
            Some(d) => write!(f, "{d} dataset(s) in {took}")?,
            None => write!(f, "stopped after {took}")?,
        }
        write!(
            f,
            "; {} request(s) to the kernel{}",
            self.total_ioctls(),
            per(self.total_ioctls())
        )?;
        let pools: Vec<String> = self
            .ioctls
            .iter()
            .map(|(pool, n)| format!("{n} on {pool}{}", per(*n)))
            .collect();
        if !pools.is_empty() {
            write!(f, ": {}", pools.join(", "))?;
        }
        if let Some(rss) = self.peak_rss_bytes {
            write!(f, "; peak memory {:.1} MiB", rss as f64 / (1024.0 * 1024.0))?;
        }
        Ok(())
    }
}

/// The process's peak resident set size, from `/proc/self/status` (`VmHWM`, in KiB).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_hwm(&status)
}

fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_memory_is_read_from_the_status_file() {
        let status = "Name:\tzsplice\nVmPeak:\t  20000 kB\nVmHWM:\t    9216 kB\nVmRSS:\t 8000 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(9216 * 1024));
        assert_eq!(parse_vm_hwm("Name:\tx\n"), None);
        // This process has one.
        assert!(peak_rss().is_some_and(|b| b > 0));
    }

    #[test]
    fn a_run_that_stopped_early_says_so() {
        let cost = RunCost {
            ioctls: [("src".to_string(), 5)].into(),
            datasets: None,
            seconds: 0.02,
            peak_rss_bytes: None,
        };
        assert_eq!(
            cost.to_string(),
            "stopped after 20ms; 5 request(s) to the kernel: 5 on src"
        );
    }

    #[test]
    fn the_cost_reads_per_pool_and_per_dataset() {
        let cost = RunCost {
            ioctls: [("src".to_string(), 200), ("dst".to_string(), 210)].into(),
            datasets: Some(100),
            seconds: 1.5,
            peak_rss_bytes: Some(9 * 1024 * 1024),
        };
        assert_eq!(
            cost.to_string(),
            "100 dataset(s) in 1s 500ms; 410 request(s) to the kernel (4.1 per dataset): 210 on \
             dst (2.1 per dataset), 200 on src (2.0 per dataset); peak memory 9.0 MiB"
        );
    }
}
