//! The daemon's HTTP front end (`zsplice daemon --listen`): the JSON API of docs/api.md, live
//! updates as server-sent events, Prometheus metrics and the web UI, on a TCP or unix socket.
//! Like the CLI it only parses, calls one library function and renders; runs are started
//! through the daemon's scheduler ([`Daemon::start_now`]), so they share its transfer cap and
//! stop with it.

mod body;
mod datasets;
mod guard;
pub mod listen;
mod metrics;
mod pages;
mod reply;
mod tasks;
#[cfg(test)]
mod tests;
pub mod token;
mod views;
mod watching;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::broadcast;
use zsplice::tasks::daemon::Daemon;
use zsplice::tasks::watch::{Change, Watch};
use zsplice::EngineError;

use self::listen::{Endpoint, Listen};
use self::token::Token;

/// What every handler shares.
#[derive(Debug)]
pub struct App {
    daemon: Arc<Daemon>,
    watch: Mutex<Watch>,
    events: broadcast::Sender<Change>,
    stop: Arc<AtomicBool>,
    /// Requests must carry this bearer token (for /api and /metrics).
    token: Option<String>,
    /// Where a client finds the token, for the 401 answer.
    token_hint: &'static str,
    /// A loopback TCP listener with the daemon's own token: `Host` must be a loopback name.
    check_host: bool,
    /// Set by a handler that changed something, so the live view looks at once.
    poked: (Mutex<bool>, Condvar),
}

type Shared = Arc<App>;

impl App {
    /// Asks the live view to look now rather than at its next tick.
    fn poke(&self) {
        *self.poked.0.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.poked.1.notify_all();
    }

    /// Waits up to `max`, or until poked.
    fn wait_for_poke(&self, max: Duration) {
        let guard = self.poked.0.lock().unwrap_or_else(|p| p.into_inner());
        let (mut poked, _) = self
            .poked
            .1
            .wait_timeout_while(guard, max, |p| !*p)
            .unwrap_or_else(|p| p.into_inner());
        *poked = false;
    }
}

/// Every route (docs/api.md), behind the guard.
fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(pages::index))
        .route("/app.js", get(pages::script))
        .route("/app.css", get(pages::style))
        .route("/api/v1/openapi.json", get(pages::openapi))
        .route("/api/v1/tasks", get(tasks::list).post(tasks::create))
        .route(
            "/api/v1/tasks/{name}",
            get(tasks::get).put(tasks::put).delete(tasks::delete),
        )
        .route("/api/v1/tasks/{name}/start", post(tasks::start))
        .route("/api/v1/tasks/{name}/runs", get(tasks::runs))
        .route("/api/v1/tasks/{name}/runs/{number}", get(tasks::run))
        .route("/api/v1/tasks/{name}/runs/{number}/log", get(tasks::log))
        .route("/api/v1/datasets", get(datasets::list))
        .route("/api/v1/events", get(watching::events))
        .route("/metrics", get(metrics::metrics))
        .layer(DefaultBodyLimit::max(guard::MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::guard,
        ))
        .with_state(app)
}

/// A bound listener, before it serves.
#[derive(Debug)]
pub struct Server {
    listen: Listen,
    tcp: Option<std::net::TcpListener>,
    unix: Option<std::os::unix::net::UnixListener>,
    token: Option<Token>,
}

/// Binds `listen` (refusing a TCP listener without a token, and one other machines can reach
/// without the user's own), so the daemon fails at once, before it schedules anything, when
/// the address is taken.
pub fn bind(listen: Listen, token: Option<Token>) -> Result<Server, EngineError> {
    token::check_exposure(&listen, token.as_ref())?;
    let io = |e: std::io::Error| EngineError::Usage(format!("cannot listen on '{listen}': {e}"));
    let (mut tcp, mut unix) = (None, None);
    match &listen.at {
        Endpoint::Tcp(addr) => {
            let l = std::net::TcpListener::bind(addr).map_err(io)?;
            l.set_nonblocking(true).map_err(io)?;
            tcp = Some(l);
        }
        Endpoint::Unix(path) => {
            let l = listen::bind_unix(path)?;
            l.set_nonblocking(true).map_err(io)?;
            unix = Some(l);
        }
    }
    Ok(Server {
        listen,
        tcp,
        unix,
        token,
    })
}

impl Server {
    /// Where it listens and where its token is, for the log.
    pub fn describe(&self) -> String {
        match &self.token {
            Some(t) => format!("{}; requests need {}", self.listen.url(), t.where_it_is()),
            None => format!("{} (mode 0600: only this user connects)", self.listen.url()),
        }
    }

    /// The TCP address bound (the port chosen, when asked for port 0).
    #[cfg(test)]
    fn local_addr(&self) -> Option<std::net::SocketAddr> {
        self.tcp.as_ref().and_then(|l| l.local_addr().ok())
    }

    /// Serves until `stop` is set; open event streams are closed then.
    pub fn serve(self, daemon: Arc<Daemon>, stop: Arc<AtomicBool>) -> Result<(), EngineError> {
        reply::hide_path(daemon.store().dir());
        let app = Arc::new(App {
            check_host: self.token.as_ref().is_some_and(Token::made_by_daemon),
            token_hint: match &self.token {
                Some(t) if t.made_by_daemon() => {
                    "the token this daemon keeps in the file http-token of its state directory"
                }
                _ => "the token in the daemon's --token-file",
            },
            token: self.token.map(|t| t.secret().to_string()),
            watch: Mutex::new(Watch::new()),
            events: watching::channel(),
            poked: (Mutex::new(false), Condvar::new()),
            stop: stop.clone(),
            daemon,
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("zsplice-http")
            .enable_all()
            .build()
            .map_err(|e| EngineError::Usage(format!("cannot start the HTTP server: {e}")))?;
        let follower = {
            let app = app.clone();
            std::thread::Builder::new()
                .name("zsplice-watch".into())
                .spawn(move || watching::follow(app))
                .map_err(|e| EngineError::Usage(format!("cannot start the live view: {e}")))?
        };
        let routes = router(app.clone());
        let until_stopped = {
            let stop = stop.clone();
            async move {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        };
        let served: std::io::Result<()> = runtime.block_on(async move {
            // Event streams never end by themselves: the server is dropped with them rather
            // than waiting for them.
            tokio::select! {
                r = async {
                    match (self.tcp, self.unix) {
                        (Some(l), _) => {
                            let l = tokio::net::TcpListener::from_std(l)?;
                            axum::serve(l, routes).await
                        }
                        (_, Some(l)) => {
                            let l = tokio::net::UnixListener::from_std(l)?;
                            axum::serve(l, routes).await
                        }
                        _ => Ok(()),
                    }
                } => r,
                () = until_stopped => Ok(()),
            }
        });
        runtime.shutdown_timeout(Duration::from_secs(2));
        app.poke();
        let _ = follower.join();
        if let Endpoint::Unix(path) = &self.listen.at {
            let _ = std::fs::remove_file(path);
        }
        served.map_err(|e| EngineError::Usage(format!("serving {}: {e}", self.listen.url())))
    }
}
