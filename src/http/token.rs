//! The bearer token that guards a TCP listener: every one has one. `--token-file FILE` names
//! it; without that flag a loopback listener uses the token the daemon keeps in its state
//! directory (`<state dir>/http-token`), made on the first start (mode 0600, from the kernel's
//! random numbers) and read again on later ones. A unix socket needs none: its file mode
//! (0600) is the access control.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use zsplice::EngineError;

use super::listen::Listen;

/// Shortest token accepted: long enough that guessing it over the network is hopeless.
pub const MIN_TOKEN_LEN: usize = 16;

/// The file in the state directory that holds the token made by the daemon.
pub const STATE_TOKEN_FILE: &str = "http-token";

/// Random bytes in a made token (written as hex: 64 characters).
const TOKEN_BYTES: usize = 32;

/// A listener's token and where it is kept.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    secret: String,
    /// Where clients find it.
    pub kept: Kept,
}

/// Where a token is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// In the `--token-file` the user gave.
    TokenFile(PathBuf),
    /// In `<state dir>/http-token`, made by the daemon (`created`: on this start).
    StateDir { path: PathBuf, created: bool },
}

/// Never shows the secret, not even in a debug log.
impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("kept", &self.kept)
            .finish_non_exhaustive()
    }
}

impl Token {
    /// The token from `--token-file` (for tests: any text).
    pub fn given(secret: &str, file: &Path) -> Token {
        Token {
            secret: secret.to_string(),
            kept: Kept::TokenFile(file.to_path_buf()),
        }
    }

    /// What clients must send.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// Whether the daemon made it (the listener is then meant for this machine only).
    pub fn made_by_daemon(&self) -> bool {
        matches!(self.kept, Kept::StateDir { .. })
    }

    /// One line for the daemon's log: where the token is, never the token.
    pub fn where_it_is(&self) -> String {
        let (path, created) = match &self.kept {
            Kept::TokenFile(path) => return format!("the token in {}", path.display()),
            Kept::StateDir { path, created } => (path.display(), *created),
        };
        let sudo = if nix::unistd::geteuid().is_root() {
            "sudo "
        } else {
            ""
        };
        let made = if created { ", made now" } else { "" };
        format!("the access token in {path}{made} (show it with: {sudo}cat {path})")
    }
}

/// The token `listen` is served with: the one in `token_file` if given; otherwise, for a
/// loopback TCP listener, the daemon's own in `state_dir` (made now when there is none yet,
/// creating the state directory 0700 if needed). A unix socket without `--token-file` has none,
/// and so has any other address ([`check_exposure`] then refuses it).
pub fn token_for(
    listen: &Listen,
    token_file: Option<&Path>,
    state_dir: &Path,
) -> Result<Option<Token>, EngineError> {
    if let Some(file) = token_file {
        let secret = read_token(file, &format!("--token-file {}", file.display()))?;
        return Ok(Some(Token::given(&secret, file)));
    }
    if listen.is_unix() || !listen.is_local() {
        return Ok(None);
    }
    state_token(state_dir).map(Some)
}

/// Checks that `listen` may be served with `token`: every TCP listener needs one, and one
/// other machines can reach needs the user's own (`--token-file`), not one the daemon made.
pub fn check_exposure(listen: &Listen, token: Option<&Token>) -> Result<(), EngineError> {
    if !listen.is_local() && token.is_none_or(Token::made_by_daemon) {
        return Err(EngineError::Usage(format!(
            "--listen '{listen}' can be reached from other machines; give --token-file FILE (a \
             0600 file holding a token clients send as 'Authorization: Bearer TOKEN'), or \
             listen on 127.0.0.1 or a unix: socket"
        )));
    }
    if !listen.is_unix() && token.is_none() {
        return Err(EngineError::Usage(format!(
            "--listen '{listen}': a TCP listener needs a token"
        )));
    }
    Ok(())
}

/// The daemon's own token, `<state_dir>/http-token`: read, or made when missing.
pub fn state_token(state_dir: &Path) -> Result<Token, EngineError> {
    let path = state_dir.join(STATE_TOKEN_FILE);
    let what = path.display().to_string();
    let token = |secret: String, created: bool| Token {
        secret,
        kept: Kept::StateDir {
            path: path.clone(),
            created,
        },
    };
    match fs::symlink_metadata(&path) {
        Ok(_) => return read_token(&path, &what).map(|s| token(s, false)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(EngineError::Usage(format!("{what}: {e}"))),
    }
    let made = make_token(state_dir, &path)
        .map_err(|e| EngineError::Usage(format!("cannot make the HTTP token {what}: {e}")))?;
    match made {
        Some(secret) => Ok(token(secret, true)),
        // Another daemon on the same state dir made it a moment ago.
        None => read_token(&path, &what).map(|s| token(s, false)),
    }
}

/// Writes a new random token to `path` (0600), whole or not at all: written to a private
/// temporary file first, then linked to its name, which fails when it exists. `None` when
/// someone else's token got there first.
fn make_token(dir: &Path, path: &Path) -> io::Result<Option<String>> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| io::Error::other(format!("no random numbers: {e}")))?;
    let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let tmp = dir.join(format!(".{STATE_TOKEN_FILE}.tmp{}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let written = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(format!("{secret}\n").as_bytes())?;
        f.sync_all()?;
        fs::hard_link(&tmp, path)
    })();
    let _ = fs::remove_file(&tmp);
    match written {
        Ok(()) => {
            if let Ok(d) = fs::File::open(dir) {
                let _ = d.sync_all();
            }
            Ok(Some(secret))
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(e),
    }
}

/// Reads the token from `path` (called `what` in messages): a regular file owned by this
/// user, readable by no one else, holding one token (surrounding whitespace ignored) of at
/// least [`MIN_TOKEN_LEN`] characters.
pub fn read_token(path: &Path, what: &str) -> Result<String, EngineError> {
    let bad = |why: String| EngineError::Usage(format!("{what}: {why}"));
    let meta = fs::metadata(path).map_err(|e| bad(e.to_string()))?;
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
    let text = fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let token = text.trim();
    if token.len() < MIN_TOKEN_LEN || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad(format!(
            "must hold one token of at least {MIN_TOKEN_LEN} characters without spaces \
             (e.g. head -c 32 /dev/urandom | base64 > FILE)"
        )));
    }
    Ok(token.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::listen::parse_listen;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn token_files_must_be_private_and_long_enough() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("token");
        fs::write(&f, "0123456789abcdef0123\n").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(read_token(&f, "t")
            .unwrap_err()
            .to_string()
            .contains("chmod 600"));
        fs::set_permissions(&f, fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_token(&f, "t").unwrap(), "0123456789abcdef0123");
        fs::write(&f, "short").unwrap();
        assert!(read_token(&f, "t").is_err());
        assert!(read_token(&dir.path().join("missing"), "t").is_err());
    }

    #[test]
    fn a_tcp_listener_without_a_token_file_gets_one_made_private_and_kept() {
        let root = tempfile::tempdir().unwrap();
        // The state directory does not exist yet: it is made, 0700.
        let state = root.path().join("state");
        let tcp = parse_listen("127.0.0.1:8080").unwrap();
        let first = token_for(&tcp, None, &state).unwrap().unwrap();
        let path = state.join(STATE_TOKEN_FILE);
        assert_eq!(
            first.kept,
            Kept::StateDir {
                path: path.clone(),
                created: true
            }
        );
        assert!(first.made_by_daemon());
        assert_eq!(mode(&state), 0o700);
        assert_eq!(mode(&path), 0o600, "the token file is private");
        let meta = fs::metadata(&path).unwrap();
        assert_eq!(meta.uid(), nix::unistd::geteuid().as_raw());
        let secret = first.secret().to_string();
        assert!(secret.len() >= 32, "{}", secret.len());
        assert!(secret.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(fs::read_to_string(&path).unwrap(), format!("{secret}\n"));
        assert!(!format!("{first:?}").contains(&secret), "Debug hides it");
        assert!(!first.where_it_is().contains(&secret));
        // No temporary file is left beside it.
        let names: Vec<_> = fs::read_dir(&state)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [STATE_TOKEN_FILE]);

        // The next start reads the same token.
        let again = token_for(&tcp, None, &state).unwrap().unwrap();
        assert_eq!(again.secret(), secret);
        assert_eq!(
            again.kept,
            Kept::StateDir {
                path: path.clone(),
                created: false
            }
        );
        // Another state directory gets another token.
        let other = token_for(&tcp, None, &root.path().join("other"))
            .unwrap()
            .unwrap();
        assert_ne!(other.secret(), secret);

        // A token file others may read is refused, not silently replaced.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let e = token_for(&tcp, None, &state).unwrap_err().to_string();
        assert!(e.contains("chmod 600") && e.contains("http-token"), "{e}");
    }

    #[test]
    fn a_token_file_wins_and_a_unix_socket_needs_none() {
        let root = tempfile::tempdir().unwrap();
        let state = root.path().join("state");
        let file = root.path().join("token");
        fs::write(&file, "s3cret-token-0123456789\n").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
        let tcp = parse_listen("127.0.0.1:8080").unwrap();
        let given = token_for(&tcp, Some(&file), &state).unwrap().unwrap();
        assert_eq!(given.secret(), "s3cret-token-0123456789");
        assert!(!given.made_by_daemon());
        let unix = parse_listen("unix:/run/zsplice/http.sock").unwrap();
        assert_eq!(token_for(&unix, None, &state).unwrap(), None);
        // A public address gets no token of the daemon's (it needs --token-file).
        let public = parse_listen("0.0.0.0:8080").unwrap();
        assert_eq!(token_for(&public, None, &state).unwrap(), None);
        assert!(!state.exists(), "nothing was made for them");
    }

    #[test]
    fn every_tcp_listener_needs_a_token_and_a_reachable_one_the_users_own() {
        let open = parse_listen("0.0.0.0:1").unwrap();
        let e = check_exposure(&open, None).unwrap_err().to_string();
        assert!(
            e.contains("--token-file") && e.contains("'0.0.0.0:1'"),
            "{e}"
        );
        let given = Token::given("x", Path::new("/etc/zsplice/token"));
        assert!(check_exposure(&open, Some(&given)).is_ok());
        let dir = tempfile::tempdir().unwrap();
        let made = state_token(dir.path()).unwrap();
        assert!(check_exposure(&open, Some(&made)).is_err());
        let loopback = parse_listen("127.0.0.1:1").unwrap();
        let e = check_exposure(&loopback, None).unwrap_err().to_string();
        assert!(e.contains("needs a token"), "{e}");
        assert!(check_exposure(&loopback, Some(&made)).is_ok());
        assert!(check_exposure(&loopback, Some(&given)).is_ok());
        assert!(check_exposure(&parse_listen("unix:/tmp/s").unwrap(), None).is_ok());
    }
}
