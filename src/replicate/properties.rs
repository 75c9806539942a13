//! Which source properties travel with a receive, as received values: local ones minus the
//! never-replicated and excluded, then the task's overrides, then readonly.

use zsplice_zfs::{props, DatasetInfo, Platform, PropValue};

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

/// Refuses overrides the loaded module's release does not know: its receive would drop them
/// without a word. Names themselves were checked with the task (`TaskSpec::validate`).
pub fn check_release(set: &[(String, String)]) -> Result<(), EngineError> {
    let Some(release) = Platform::detect(false).module.and_then(|m| m.release) else {
        return Ok(());
    };
    for (name, _) in set {
        if let Some(since) = props::missing_in(name, release) {
            return Err(EngineError::Usage(format!(
                "cannot set {name}: OpenZFS {since} brought it, and this machine's ZFS module is \
                 {release}; leave it out, or upgrade ZFS"
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
        props.push((name.clone(), property_value(name, value, source)?));
    }
    if readonly {
        props.retain(|(n, _)| n != "readonly");
        props.push(("readonly".into(), PropValue::Number(1)));
    }
    Ok(props)
}

/// Turns an override's text into the type the kernel wants: user properties and string
/// properties stay text; numbers and on/off switches become numbers.
fn property_value(name: &str, value: &str, source: &DatasetInfo) -> Result<PropValue, EngineError> {
    if name.contains(':') {
        return Ok(PropValue::Text(value.into()));
    }
    if let Ok(n) = value.parse::<u64>() {
        return Ok(PropValue::Number(n));
    }
    let numeric = source
        .properties
        .get(name)
        .is_some_and(|p| matches!(p.value, PropValue::Number(_)));
    match value {
        "on" => Ok(PropValue::Number(1)),
        "off" => Ok(PropValue::Number(0)),
        _ if !numeric => Ok(PropValue::Text(value.into())),
        _ => Err(EngineError::Usage(format!(
            "{name}={value}: zsplice can override this property only with a number, on or off; \
             set it with zfs set after replication"
        ))),
    }
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
        assert!(e.starts_with("atime=sometimes: "), "{e}");
    }
}
