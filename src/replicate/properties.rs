//! Which source properties travel with a receive, as received values: local ones minus the
//! never-replicated and excluded, then the task's overrides, then readonly.

use zsplice_zfs::release::{self, Release};
use zsplice_zfs::{props, DatasetInfo, PropValue};

use crate::error::EngineError;
use crate::model::task::PropertyPolicy;

/// Properties zsplice never replicates: where the source mounts or shares must not decide
/// where the copy mounts or shares, and encryption settings belong to the destination.
pub const NEVER_REPLICATED: &[&str] = &[
    "mountpoint",
    "sharenfs",
    "sharesmb",
    "keylocation",
    "keyformat",
    "pbkdf2iters",
    "encryption",
    "volsize",
];

/// Refuses overrides the loaded module's release does not know, or reads differently: its
/// receive would drop them without a word, or set something else. Names and values themselves
/// were checked with the task (`TaskSpec::validate`).
pub fn check_release(set: &[(String, String)]) -> Result<(), EngineError> {
    let Some(release) = release::loaded_release() else {
        return Ok(());
    };
    check_release_of(set, release)
}

fn check_release_of(set: &[(String, String)], release: Release) -> Result<(), EngineError> {
    for (name, value) in set {
        let shown = format!("{name}={}", value.escape_default());
        if let Some(since) = props::missing_in(name, release) {
            return Err(EngineError::Usage(format!(
                "cannot set {name}: OpenZFS {since} brought it, and this machine's ZFS module is \
                 {release}; leave it out, or upgrade ZFS"
            )));
        }
        if let Ok(PropValue::Number(index)) = props::to_kernel(name, value) {
            if let Some(since) = props::value_missing_in(name, index, release) {
                return Err(EngineError::Usage(format!(
                    "cannot set {shown}: OpenZFS {since} brought that value, and this machine's \
                     ZFS module is {release}; choose another, or upgrade ZFS"
                )));
            }
        }
        if let Some((since, before)) = props::older_meaning(name, value, release) {
            let now = match props::to_kernel(name, value) {
                Ok(PropValue::Number(index)) => props::from_kernel(name, index),
                _ => None,
            }
            .unwrap_or("another value");
            return Err(EngineError::Usage(format!(
                "cannot set {shown}: it means {name}={before} on this machine's ZFS module \
                 ({release}) but {name}={now} since OpenZFS {since}; write {name}={before} or \
                 {name}={now}"
            )));
        }
    }
    Ok(())
}

/// The properties sent with every receive of a pair, as received values.
pub fn received_props(
    source: &DatasetInfo,
    policy: &PropertyPolicy,
    readonly: bool,
) -> Result<Vec<(String, PropValue)>, EngineError> {
    let mut props: Vec<(String, PropValue)> = Vec::new();
    if policy.replicate {
        for (name, prop) in &source.properties {
            if prop.source.as_deref() != Some("local")
                || NEVER_REPLICATED.contains(&name.as_str())
                || policy.exclude.iter().any(|e| e == name)
            {
                continue;
            }
            props.push((name.clone(), prop.value.clone()));
        }
    }
    check_release(&policy.set)?;
    for (name, value) in &policy.set {
        props.retain(|(n, _)| n != name);
        props.push((name.clone(), property_value(name, value)?));
    }
    if readonly {
        props.retain(|(n, _)| n != "readonly");
        props.push(("readonly".into(), PropValue::Number(1)));
    }
    Ok(props)
}

/// Turns an override's text into the form the kernel takes (an index property as its index, a
/// size as bytes, text as text): a receive silently drops a native property in any other form.
fn property_value(name: &str, value: &str) -> Result<PropValue, EngineError> {
    props::to_kernel(name, value).map_err(EngineError::Usage)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use zsplice_zfs::{DatasetType, Property};

    use super::*;

    fn info(props: &[(&str, PropValue, &str)]) -> DatasetInfo {
        DatasetInfo {
            name: zsplice_zfs::DatasetName::new("p/a").unwrap().into(),
            kind: DatasetType::Filesystem,
            guid: 1,
            createtxg: 1,
            creation: 0,
            inconsistent: false,
            properties: props
                .iter()
                .map(|(n, v, src)| {
                    (
                        n.to_string(),
                        Property {
                            value: v.clone(),
                            source: Some(src.to_string()),
                        },
                    )
                })
                .collect::<BTreeMap<_, _>>(),
        }
    }

    #[test]
    fn only_local_properties_travel_minus_excludes_with_overrides() {
        let src = info(&[
            ("atime", PropValue::Number(0), "local"),
            ("compression", PropValue::Number(15), "p"),
            ("mountpoint", PropValue::Text("/srv".into()), "local"),
            ("org:a", PropValue::Text("x".into()), "local"),
            ("org:b", PropValue::Text("y".into()), "local"),
        ]);
        let policy = PropertyPolicy {
            replicate: true,
            exclude: vec!["org:b".into()],
            set: vec![("org:c".into(), "z".into()), ("atime".into(), "on".into())],
        };
        let mut got = received_props(&src, &policy, true).unwrap();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            got,
            vec![
                ("atime".into(), PropValue::Number(1)),
                ("org:a".into(), PropValue::Text("x".into())),
                ("org:c".into(), PropValue::Text("z".into())),
                ("readonly".into(), PropValue::Number(1)),
            ]
        );
        let none = received_props(&src, &PropertyPolicy::default(), false).unwrap();
        assert!(none.is_empty());
        let bad = PropertyPolicy {
            set: vec![("atime".into(), "sometimes".into())],
            ..Default::default()
        };
        let e = received_props(&src, &bad, false).unwrap_err().to_string();
        assert_eq!(
            e,
            "atime=sometimes is not a value atime takes; use one of: off, on"
        );
    }

    #[test]
    fn overrides_travel_in_the_form_the_kernel_takes() {
        let src = info(&[("compression", PropValue::Number(15), "local")]);
        let policy = PropertyPolicy {
            replicate: true,
            set: [
                ("compression", "zstd-3"),
                ("sync", "always"),
                ("quota", "1G"),
                ("canmount", "noauto"),
                ("mountpoint", "/srv/copy"),
                ("com.example:note", "hi"),
            ]
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
            ..Default::default()
        };
        let mut got = received_props(&src, &policy, false).unwrap();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            got,
            vec![
                ("canmount".into(), PropValue::Number(2)),
                ("com.example:note".into(), PropValue::Text("hi".into())),
                ("compression".into(), PropValue::Number(16 | 3 << 7)),
                ("mountpoint".into(), PropValue::Text("/srv/copy".into())),
                ("quota".into(), PropValue::Number(1 << 30)),
                ("sync".into(), PropValue::Number(1)),
            ]
        );
        let bad = PropertyPolicy {
            set: vec![("quota".into(), "lots".into())],
            ..Default::default()
        };
        let e = received_props(&src, &bad, false).unwrap_err().to_string();
        assert!(e.starts_with("quota=lots is not a number;"), "{e}");
    }

    #[test]
    fn values_the_module_lacks_or_reads_differently_are_refused() {
        let r = |s| Release::parse(s).unwrap();
        let set = |n: &str, v: &str| vec![(n.to_string(), v.to_string())];
        let e = check_release_of(&set("checksum", "blake3"), r("2.1.11"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("cannot set checksum=blake3: OpenZFS 2.2.0 brought that value"),
            "{e}"
        );
        assert!(check_release_of(&set("checksum", "blake3"), r("2.2.2")).is_ok());
        let e = check_release_of(&set("xattr", "on"), r("2.2.2"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("it means xattr=dir on this machine's ZFS module (2.2.2) but xattr=sa"),
            "{e}"
        );
        assert!(check_release_of(&set("xattr", "on"), r("2.4.4")).is_ok());
        let e = check_release_of(&set("direct", "always"), r("2.2.2"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("OpenZFS 2.3.0 brought it"), "{e}");
    }
}
