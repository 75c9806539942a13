//! `zsplice daemon` as a service manager expects a daemon to behave. SIGTERM or SIGINT asks the
//! scheduler to stop: running transfers end (they stay resumable) and their runs are recorded
//! as interrupted, within seconds. A second signal ends the process at once, as if it had no
//! handler, which is safe too: state files are replaced atomically and the next start
//! recovers. Under systemd (`Type=notify`) it reports through sd_notify: READY=1 at the first
//! look at the schedules, WATCHDOG=1 for as long as those looks keep coming, STOPPING=1 when
//! asked to stop, and STATUS= lines; without NOTIFY_SOCKET none of that does anything.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sd_notify::NotifyState;
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::flag;
use zsplice::tasks::daemon::{Daemon, DaemonOptions};
use zsplice::tasks::store::Store;
use zsplice::EngineError;

use super::args::DaemonArgs;
use crate::http::token::token_for;

pub fn run(args: &DaemonArgs) -> Result<u8, EngineError> {
    let opts = DaemonOptions {
        interval: args.interval,
        max_transfers: args.max_transfers.map_or_else(
            zsplice::replicate::options::default_parallelism,
            usize::from,
        ),
    };
    let state_dir = &args.state.state_dir;
    // Checked before a token is put in it: a state dir others can read is refused.
    Store::open(state_dir)?;
    // Bound before anything is scheduled: a taken port or a bad token fails the start.
    let server = match &args.listen {
        Some(listen) => {
            let token = token_for(listen, args.token_file.as_deref(), state_dir)?;
            Some(crate::http::bind(listen.clone(), token)?)
        }
        None => None,
    };
    // Opened again: making the token may have made the state directory.
    let store = Store::open(state_dir)?;
    let stop = Arc::new(AtomicBool::new(false));
    let signal = Arc::new(AtomicUsize::new(0));
    install_stop_handlers(&stop, &signal).map_err(|e| zsplice::zfs::Error::Io {
        context: "installing the SIGTERM and SIGINT handlers".into(),
        source: e,
    })?;
    let service = Service {
        watchdog: sd_notify::watchdog_enabled(),
        interval: opts.interval,
        last_look: Mutex::new(None),
    };
    let daemon = Arc::new(Daemon::new(store, opts, stop.clone()));
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| service.attend(&stop, &signal, &done));
        let http = server.map(|server| {
            tracing::info!("serving the web UI and API on {}", server.describe());
            let (daemon, stop) = (daemon.clone(), stop.clone());
            s.spawn(move || server.serve(daemon, stop))
        });
        let result = daemon.run(&|| service.looked());
        // The scheduler ended (a stop, or it could not start): the server goes with it.
        stop.store(true, Ordering::Relaxed);
        let served = http.map_or(Ok(()), |h| {
            h.join().unwrap_or_else(|_| {
                Err(EngineError::Usage(
                    "the HTTP server ended abnormally".into(),
                ))
            })
        });
        done.store(true, Ordering::Relaxed);
        result.and(served)
    })?;
    // After the attending thread has ended, so a stop is announced before this.
    tracing::info!("daemon stopped");
    Ok(0)
}

/// SIGTERM and SIGINT set `stop` (and record which one came in `signal`); once `stop` is set,
/// the next one ends the process the way the signal would without a handler.
fn install_stop_handlers(stop: &Arc<AtomicBool>, signal: &Arc<AtomicUsize>) -> std::io::Result<()> {
    for sig in [SIGTERM, SIGINT] {
        // Registered first, so it acts only when an earlier signal already set the flag.
        flag::register_conditional_default(sig, Arc::clone(stop))?;
        flag::register_usize(sig, Arc::clone(signal), sig as usize)?;
        flag::register(sig, Arc::clone(stop))?;
    }
    Ok(())
}

/// What systemd hears about the scheduler.
struct Service {
    /// How often systemd wants to hear that the daemon is alive (WatchdogSec=), if it does.
    watchdog: Option<Duration>,
    /// Time between the scheduler's looks at the schedules.
    interval: Duration,
    /// When the scheduler last looked; None before its first look.
    last_look: Mutex<Option<Instant>>,
}

impl Service {
    /// Called by the scheduler at every look at the schedules; the first one makes it ready.
    fn looked(&self) {
        let mut last = self.last_look.lock().unwrap_or_else(|p| p.into_inner());
        if last.replace(Instant::now()).is_none() {
            tracing::debug!("ready");
            let status = format!(
                "looking at the schedules every {}",
                humantime::format_duration(self.interval)
            );
            notify(&[NotifyState::Ready, NotifyState::Status(&status)]);
        }
    }

    /// Whether the scheduler is doing its rounds: its last look is at most one interval old
    /// (plus one watchdog period of slack for the work of a look). A scheduler stuck anywhere
    /// stops the pings, and systemd restarts it. Before the first look, startup is bounded by
    /// TimeoutStartSec= instead.
    fn alive(&self, watchdog: Duration) -> bool {
        let last = *self.last_look.lock().unwrap_or_else(|p| p.into_inner());
        last.is_none_or(|t| t.elapsed() <= self.interval + watchdog)
    }

    /// Runs beside the scheduler until `done`: says when a stop was asked for, and pings the
    /// watchdog at half its period while the scheduler is alive.
    fn attend(&self, stop: &AtomicBool, signal: &AtomicUsize, done: &AtomicBool) {
        let mut stopping = false;
        let mut pinged: Option<Instant> = None;
        loop {
            // Read before the stop flag: a scheduler that ended because of a stop is always
            // announced as stopping, even when it ended within one of these rounds.
            let finished = done.load(Ordering::Relaxed);
            if !stopping && stop.load(Ordering::Relaxed) {
                stopping = true;
                let name = i32::try_from(signal.load(Ordering::Relaxed))
                    .ok()
                    .and_then(signal_hook::low_level::signal_name)
                    .unwrap_or("a stop signal");
                tracing::info!(
                    "{name} received: stopping; running transfers end and resume at the next \
                     start (send it again to exit at once)"
                );
                notify(&[
                    NotifyState::Stopping,
                    NotifyState::Status("stopping: ending running transfers"),
                ]);
            }
            if finished {
                return;
            }
            if let Some(period) = self.watchdog {
                let due = pinged.is_none_or(|t| t.elapsed() >= period / 2);
                if due && self.alive(period) {
                    notify(&[NotifyState::Watchdog]);
                    pinged = Some(Instant::now());
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Tells systemd; does nothing when not started by it (no NOTIFY_SOCKET).
fn notify(states: &[NotifyState<'_>]) {
    if let Err(e) = sd_notify::notify(states) {
        tracing::warn!("cannot notify systemd: {e}");
    }
}
