//! Where the daemon listens (`--listen HOST:PORT` or `unix:PATH`) and the token that guards a
//! listener other machines can reach (`--token-file`). A non-loopback address without a token
//! is refused before anything is bound.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use zsplice::EngineError;

/// Shortest token accepted: long enough that guessing it over the network is hopeless.
pub const MIN_TOKEN_LEN: usize = 16;

/// A `--listen` address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listen {
    /// A TCP address (`127.0.0.1:8080`, `[::1]:8080`, `localhost:8080` resolved).
    Tcp(SocketAddr),
    /// A unix socket (`unix:/run/zsplice.sock`): only local users with access to the path.
    Unix(PathBuf),
}

impl Listen {
    /// Whether only this machine can connect.
    pub fn is_local(&self) -> bool {
        match self {
            Listen::Tcp(a) => a.ip().is_loopback(),
            Listen::Unix(_) => true,
        }
    }
}

impl std::fmt::Display for Listen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Listen::Tcp(a) => write!(f, "http://{a}"),
            Listen::Unix(p) => write!(f, "unix:{}", p.display()),
        }
    }
}

/// Parses `--listen`: `unix:PATH` (absolute or relative), or `HOST:PORT` with an IP address
/// or a name (which must resolve; the first address is used).
pub fn parse_listen(s: &str) -> Result<Listen, String> {
    if let Some(path) = s.strip_prefix("unix:") {
        if path.is_empty() {
            return Err("unix: needs a socket path, e.g. unix:/run/zsplice.sock".into());
        }
        return Ok(Listen::Unix(PathBuf::from(path)));
    }
    if let Ok(addr) = s.parse::<SocketAddr>() {
        return Ok(Listen::Tcp(addr));
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
        .map(Listen::Tcp)
        .ok_or_else(|| format!("'{host}' has no address"))
}

/// Whether `host` (a `Host` header without its port) names this machine's loopback.
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Reads the token from `path`: a regular file owned by this user, readable by no one else,
/// holding one token (surrounding whitespace ignored) of at least [`MIN_TOKEN_LEN`] characters.
pub fn read_token(path: &Path) -> Result<String, EngineError> {
    let bad = |why: String| EngineError::Usage(format!("--token-file {}: {why}", path.display()));
    let meta = std::fs::metadata(path).map_err(|e| bad(e.to_string()))?;
    if !meta.is_file() {
        return Err(bad("not a regular file".into()));
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(bad(format!(
            "mode {mode:04o} lets others read it; make it readable by its owner only \
             (chmod 600 {})",
            path.display()
        )));
    }
    let me = nix::unistd::geteuid().as_raw();
    if meta.uid() != me {
        return Err(bad(format!(
            "owned by uid {}, not by this user (uid {me})",
            meta.uid()
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let token = text.trim();
    if token.len() < MIN_TOKEN_LEN || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad(format!(
            "must hold one token of at least {MIN_TOKEN_LEN} characters without spaces \
             (e.g. head -c 32 /dev/urandom | base64 > FILE)"
        )));
    }
    Ok(token.to_string())
}

/// Checks that `listen` may be served with `token`: anything other machines can reach
/// needs one.
pub fn check_exposure(listen: &Listen, token: Option<&str>) -> Result<(), EngineError> {
    if !listen.is_local() && token.is_none() {
        return Err(EngineError::Usage(format!(
            "--listen {listen} can be reached from other machines; give --token-file FILE (a \
             0600 file holding a token clients send as 'Authorization: Bearer TOKEN'), or \
             listen on 127.0.0.1 or a unix: socket"
        )));
    }
    Ok(())
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
        assert_eq!(
            parse_listen("unix:/run/z.sock").unwrap(),
            Listen::Unix("/run/z.sock".into())
        );
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
    fn a_reachable_listener_needs_a_token() {
        let open = parse_listen("0.0.0.0:1").unwrap();
        let e = check_exposure(&open, None).unwrap_err().to_string();
        assert!(e.contains("--token-file"), "{e}");
        assert!(check_exposure(&open, Some("x")).is_ok());
        assert!(check_exposure(&parse_listen("127.0.0.1:1").unwrap(), None).is_ok());
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
    fn token_files_must_be_private_and_long_enough() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("token");
        std::fs::write(&f, "0123456789abcdef0123\n").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(read_token(&f)
            .unwrap_err()
            .to_string()
            .contains("chmod 600"));
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_token(&f).unwrap(), "0123456789abcdef0123");
        std::fs::write(&f, "short").unwrap();
        assert!(read_token(&f).is_err());
        assert!(read_token(&dir.path().join("missing")).is_err());
    }
}
