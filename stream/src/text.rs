//! Text taken from a stream, made safe to show: a BEGIN record can name its snapshot anything,
//! terminal escape sequences included, and nothing read from a stream may reach a terminal raw.

use std::borrow::Cow;

/// `s` with every character a terminal would not show as itself (control characters such as
/// ESC, BEL or CR, C1 controls, Unicode format characters such as bidirectional overrides)
/// written as a Rust escape (`\u{1b}`, `\r`), and backslashes doubled so an escape cannot be
/// faked. Borrowed when there is nothing to escape, as for every valid ZFS name.
pub fn printable(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| (' '..='~').contains(&c) && c != '\\') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            // Quotes are harmless, and a name is clearer without escaped ones.
            '"' | '\'' => out.push(c),
            c => out.extend(c.escape_debug()),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_format_characters_are_escaped_and_names_kept() {
        assert!(matches!(printable("tank/a b@s-1_x.y:z"), Cow::Borrowed(_)));
        assert_eq!(
            printable("p@\u{1b}]0;x\u{7}\r\n\t\u{9b}\u{7f}"),
            r"p@\u{1b}]0;x\u{7}\r\n\t\u{9b}\u{7f}"
        );
        assert_eq!(printable("a\u{202e}b"), r"a\u{202e}b");
        assert_eq!(printable(r"a\u{1b}"), r"a\\u{1b}");
        assert_eq!(printable("é'\""), "é'\"");
    }
}
