//! Where the daemon listens (`--listen HOST:PORT` or `unix:PATH`), and a unix socket bound so
//! that only the daemon's user can connect. Which listener needs which token is token.rs's.

use std::fs;
use std::io;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

use zsplice::EngineError;

/// A `--listen` address, with the text the user typed (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listen {
    /// Where.
    pub at: Endpoint,
    typed: String,
}

/// What a `--listen` address names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// A TCP address (`127.0.0.1:8080`, `[::1]:8080`, `localhost:8080` resolved).
    Tcp(SocketAddr),
    /// A unix socket (`unix:/run/zsplice/http.sock`): only users the socket's mode (0600)
    /// lets connect, that is the daemon's.
    Unix(PathBuf),
}

impl Listen {
    /// Whether only this machine can connect.
    pub fn is_local(&self) -> bool {
        match &self.at {
            Endpoint::Tcp(a) => a.ip().is_loopback(),
            Endpoint::Unix(_) => true,
        }
    }

    /// Whether it is a unix socket.
    pub fn is_unix(&self) -> bool {
        matches!(self.at, Endpoint::Unix(_))
    }

    /// Where to point a browser or a client: `http://127.0.0.1:8080/` or `unix:PATH`.
    pub fn url(&self) -> String {
        match &self.at {
            Endpoint::Tcp(a) => format!("http://{a}/"),
            Endpoint::Unix(p) => format!("unix:{}", p.display()),
        }
    }
}

/// The address as typed.
impl std::fmt::Display for Listen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.typed)
    }
}

/// Parses `--listen`: `unix:PATH` (absolute or relative), or `HOST:PORT` with an IP address
/// or a name (which must resolve; the first address is used).
pub fn parse_listen(s: &str) -> Result<Listen, String> {
    let at = |at: Endpoint| Listen {
        at,
        typed: s.to_string(),
    };
    if let Some(path) = s.strip_prefix("unix:") {
        if path.is_empty() {
            return Err("unix: needs a socket path, e.g. unix:/run/zsplice/http.sock".into());
        }
        return Ok(at(Endpoint::Unix(PathBuf::from(path))));
    }
    if let Ok(addr) = s.parse::<SocketAddr>() {
        return Ok(at(Endpoint::Tcp(addr)));
    }
    let Some((host, port)) = s.rsplit_once(':') else {
        return Err("expected HOST:PORT (e.g. 127.0.0.1:8080) or unix:PATH".into());
    };
    if port.parse::<u16>().is_err() {
        return Err(format!("'{port}' is not a port number (1-65535)"));
    }
    if host.is_empty() {
        return Err("a host is needed before the port, e.g. 127.0.0.1:8080".into());
    }
    let mut addrs = s
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve '{host}': {e}"))?;
    addrs
        .next()
        .map(|a| at(Endpoint::Tcp(a)))
        .ok_or_else(|| format!("'{host}' has no address"))
}

/// Whether `host` (a `Host` header without its port) names this machine's loopback.
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Binds a unix socket at `path` that only this user can connect to (mode 0600), with no
/// moment when others could: it is made in a private directory beside `path`, its mode set,
/// then moved to `path`. A stale socket there (nobody answers on it) is replaced; a live one,
/// or anything other than a socket, is left alone and refused.
pub fn bind_unix(path: &Path) -> Result<UnixListener, EngineError> {
    let shown = path.display();
    let fail = |e: io::Error| EngineError::Usage(format!("cannot listen on unix:{shown}: {e}"));
    match fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_socket() => {
            return Err(EngineError::Usage(format!(
                "cannot listen on unix:{shown}: it exists and is not a socket; choose another \
                 path"
            )));
        }
        Ok(_) if UnixStream::connect(path).is_ok() => {
            return Err(EngineError::Busy(format!(
                "cannot listen on unix:{shown}: another process serves it"
            )));
        }
        _ => {}
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let private = parent.join(format!(".zsplice-{}.d", std::process::id()));
    let _ = fs::remove_dir_all(&private);
    fs::DirBuilder::new()
        .mode(0o700)
        .create(&private)
        .map_err(fail)?;
    let inner = private.join("s");
    let bound = (|| {
        let listener = UnixListener::bind(&inner)?;
        fs::set_permissions(&inner, fs::Permissions::from_mode(0o600))?;
        fs::rename(&inner, path)?;
        Ok(listener)
    })();
    let _ = fs::remove_file(&inner);
    let _ = fs::remove_dir(&private);
    bound.map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_addresses_parse_and_classify() {
        assert!(parse_listen("127.0.0.1:8080").unwrap().is_local());
        assert!(parse_listen("[::1]:8080").unwrap().is_local());
        assert!(parse_listen("localhost:8080").unwrap().is_local());
        assert!(!parse_listen("0.0.0.0:8080").unwrap().is_local());
        let unix = parse_listen("unix:/run/z.sock").unwrap();
        assert_eq!(unix.at, Endpoint::Unix("/run/z.sock".into()));
        assert!(unix.is_unix() && unix.is_local());
        // Messages quote what was typed, not the address it resolved to.
        assert_eq!(
            parse_listen("localhost:8080").unwrap().to_string(),
            "localhost:8080"
        );
        assert_eq!(parse_listen("[::1]:80").unwrap().url(), "http://[::1]:80/");
        for bad in [
            "unix:",
            "8080",
            ":8080",
            "127.0.0.1:http",
            "127.0.0.1:70000",
        ] {
            assert!(parse_listen(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn loopback_hosts() {
        for h in ["localhost", "127.0.0.1", "[::1]", "127.1.2.3", "LOCALHOST"] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in ["evil.example", "10.0.0.1", "localhost.evil.example", ""] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }

    #[test]
    fn a_unix_socket_is_private_and_replaces_only_a_stale_socket() {
        let dir = tempfile::tempdir().unwrap();
        let sock = dir.path().join("http.sock");
        let listener = bind_unix(&sock).unwrap();
        let meta = fs::symlink_metadata(&sock).unwrap();
        assert!(meta.file_type().is_socket());
        assert_eq!(
            meta.permissions().mode() & 0o7777,
            0o600,
            "only its owner connects"
        );
        UnixStream::connect(&sock).unwrap();
        // Nothing else is left beside it.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        // A live one is not taken over.
        assert!(bind_unix(&sock)
            .unwrap_err()
            .to_string()
            .contains("another process"));
        drop(listener);
        // A stale one is replaced.
        let _again = bind_unix(&sock).unwrap();
        UnixStream::connect(&sock).unwrap();
        // A file that is not a socket is never removed.
        let file = dir.path().join("precious");
        fs::write(&file, "keep me").unwrap();
        assert!(bind_unix(&file)
            .unwrap_err()
            .to_string()
            .contains("not a socket"));
        assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");
    }
}
