//! The source tree's shape, checked on every test run: no source file imports one that imports it
//! back (directly or round a longer circle), and no file holds much more than 500 lines outside its
//! tests. The layers read one way only if nothing loops back, and a file a newcomer can read in
//! one sitting stays that way only if something says so when it grows.
//!
//! Imports are read from the text: `use` trees (braces expanded) and `crate::`/`super::` paths
//! written inline, resolved to the file that defines the longest matching module path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lines a source file may hold outside its `#[cfg(test)]` module ("about 500").
const MAX_LINES: usize = 520;

/// One crate's sources: its root file, and the module path of every file under it.
struct Crate {
    name: &'static str,
    files: BTreeMap<Vec<String>, PathBuf>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The crates to check: root file and the files that belong to it.
fn crates() -> Vec<Crate> {
    let r = root();
    let mut out = Vec::new();
    for (name, dir, root_file, exclude) in [
        (
            "zsplice (lib)",
            "src",
            "lib.rs",
            &["main.rs", "cli", "http"][..],
        ),
        ("zsplice (bin)", "src", "main.rs", &[][..]),
        ("zsplice-zfs", "zfs/src", "lib.rs", &[][..]),
        ("zsplice-stream", "stream/src", "lib.rs", &[][..]),
        ("zsplice-capi", "capi/src", "lib.rs", &[][..]),
    ] {
        let base = r.join(dir);
        let mut files = BTreeMap::new();
        files.insert(Vec::new(), base.join(root_file));
        if name == "zsplice (bin)" {
            // The front ends the binary is made of.
            for front in ["cli", "http"] {
                collect(&base.join(front), &[front.to_string()], &mut files);
            }
        } else {
            for entry in std::fs::read_dir(&base).unwrap() {
                let p = entry.unwrap().path();
                let stem = p.file_stem().unwrap().to_string_lossy().to_string();
                let fname = p.file_name().unwrap().to_string_lossy().to_string();
                if exclude.contains(&fname.as_str()) || fname == root_file {
                    continue;
                }
                if p.is_dir() {
                    collect(&p, std::slice::from_ref(&fname), &mut files);
                } else if fname.ends_with(".rs") {
                    files.insert(vec![stem], p);
                }
            }
        }
        out.push(Crate { name, files });
    }
    out
}

fn collect(dir: &Path, prefix: &[String], files: &mut BTreeMap<Vec<String>, PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        let fname = p.file_name().unwrap().to_string_lossy().to_string();
        if p.is_dir() {
            let mut sub = prefix.to_vec();
            sub.push(fname);
            collect(&p, &sub, files);
        } else if fname == "mod.rs" {
            files.insert(prefix.to_vec(), p);
        } else if let Some(stem) = fname.strip_suffix(".rs") {
            let mut m = prefix.to_vec();
            m.push(stem.to_string());
            files.insert(m, p);
        }
    }
}

/// The text of `path` without its tests: an inline test module ends the file (tests sit at the
/// end of each file); a `mod tests;` declaration (tests in a file of their own) is left out.
fn without_tests(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            let next = lines
                .peek()
                .map(|n| n.trim().to_string())
                .unwrap_or_default();
            if next.starts_with("mod tests {") {
                break;
            }
            if next == "mod tests;" {
                lines.next();
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every path a `use` tree names, braces expanded: `a::{b, c::d}` gives `a::b`, `a::c::d`.
fn expand_use(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let (Some(open), Some(close)) = (tree.find('{'), tree.rfind('}')) else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..close];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| {
            expand_use(p)
                .into_iter()
                .map(move |q| format!("{prefix}{q}"))
        })
        .collect()
}

/// The module paths `text` (the file at module path `me`) refers to, absolute from the crate.
fn references(text: &str, me: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    // `use` items, possibly spanning lines.
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        let Some(item) = ["use ", "pub use ", "pub(crate) use ", "pub(super) use "]
            .iter()
            .find_map(|p| t.strip_prefix(p))
        else {
            continue;
        };
        let mut item = item.to_string();
        while !item.contains(';') {
            match lines.next() {
                Some(more) => item.push_str(more),
                None => break,
            }
        }
        let end = item.find(';').unwrap_or(item.len());
        paths.extend(expand_use(&item[..end]));
    }
    // Paths written inline.
    for (i, _) in text.match_indices("crate::") {
        let tail: String = text[i..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        paths.push(tail);
    }
    let mut out = Vec::new();
    for p in paths {
        let segs: Vec<&str> = p.split("::").collect();
        let abs: Vec<String> = match segs.first() {
            Some(&"crate") => segs[1..].iter().map(|s| s.to_string()).collect(),
            Some(&"super") => {
                // A module's `super` is its parent, whether it lives in a file or a mod.rs.
                let mut base = me.to_vec();
                let ups = segs.iter().take_while(|s| **s == "super").count();
                base.truncate(base.len().saturating_sub(ups));
                base.extend(segs[ups..].iter().map(|s| s.to_string()));
                base
            }
            Some(&"self") => {
                let mut base = me.to_vec();
                base.extend(segs[1..].iter().map(|s| s.to_string()));
                base
            }
            // A path that starts with a name (`receive::import` in streamfile/mod.rs) names a
            // child of this module when one by that name exists; otherwise another crate.
            Some(first) if !first.is_empty() => {
                let mut base = me.to_vec();
                base.extend(segs.iter().map(|s| s.to_string()));
                base
            }
            _ => continue,
        };
        out.push(abs);
    }
    out
}

/// The file that defines the longest prefix of `path`.
fn resolve<'a>(files: &'a BTreeMap<Vec<String>, PathBuf>, path: &[String]) -> Option<&'a PathBuf> {
    (0..=path.len()).rev().find_map(|n| files.get(&path[..n]))
}

#[test]
fn no_source_file_imports_one_that_imports_it_back() {
    let mut circles = Vec::new();
    for krate in crates() {
        let mut edges: BTreeMap<&PathBuf, BTreeSet<&PathBuf>> = BTreeMap::new();
        for (module, file) in &krate.files {
            // Doc links name modules without importing them: read code only.
            let text: String = without_tests(file)
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .map(|l| format!("{l}\n"))
                .collect();
            for r in references(&text, module) {
                if let Some(target) = resolve(&krate.files, &r) {
                    // The crate root counts like any file: one that re-exports a module's
                    // items while that module names items through the root is a circle too.
                    if target != file {
                        edges.entry(file).or_default().insert(target);
                    }
                }
            }
        }
        // A circle: a file that reaches itself again.
        for start in edges.keys() {
            let mut stack = vec![(*start, vec![*start])];
            let mut seen = BTreeSet::new();
            while let Some((at, trail)) = stack.pop() {
                for next in edges.get(at).into_iter().flatten() {
                    if next == start {
                        let names: Vec<String> = trail
                            .iter()
                            .chain([start])
                            .map(|p| p.strip_prefix(root()).unwrap_or(p).display().to_string())
                            .collect();
                        circles.push(format!("{}: {}", krate.name, names.join(" -> ")));
                    } else if seen.insert(*next) {
                        let mut t = trail.clone();
                        t.push(next);
                        stack.push((next, t));
                    }
                }
            }
        }
    }
    circles.sort();
    circles.dedup();
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn no_source_file_is_much_over_500_lines_outside_its_tests() {
    let mut big = Vec::new();
    for krate in crates() {
        for file in krate.files.values() {
            let n = without_tests(file).lines().count();
            if n > MAX_LINES {
                big.push(format!("{} ({n} lines)", file.display()));
            }
        }
    }
    assert!(
        big.is_empty(),
        "split these by concern (limit {MAX_LINES} lines outside tests):\n{}",
        big.join("\n")
    );
}

#[test]
fn use_trees_expand_and_resolve() {
    assert_eq!(
        expand_use("crate::a::{b, c::{d, e}}"),
        ["crate::a::b", "crate::a::c::d", "crate::a::c::e"]
    );
    let me = vec!["tasks".to_string(), "run".to_string()];
    let refs = references(
        "use super::store::Store;\nlet x = crate::model::task::X;",
        &me,
    );
    assert!(refs.contains(&vec!["tasks".to_string(), "store".into(), "Store".into()]));
    assert!(refs.contains(&vec!["model".to_string(), "task".into(), "X".into()]));
    // A mod.rs naming its child by a relative path imports that child.
    let me = vec!["streamfile".to_string()];
    let refs = references("pub use receive::{import, plan_receive};", &me);
    assert!(refs.contains(&vec![
        "streamfile".to_string(),
        "receive".into(),
        "import".into()
    ]));
}
