//! Settings of the cluster's own switches: `cluster.scalable_shares` and
//! `cluster.mem_overcommit` (`cluster.evc_baseline` is migration's).

use super::cluster::ClusterSpec;
use crate::base::setting::{as_bool, SettingError, Value};

/// A cluster field a setting may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClusterField {
    ScalableShares,
    MemOvercommit,
}

impl ClusterField {
    pub const ALL: [ClusterField; 2] = [ClusterField::ScalableShares, ClusterField::MemOvercommit];

    pub fn name(self) -> &'static str {
        match self {
            ClusterField::ScalableShares => "scalable_shares",
            ClusterField::MemOvercommit => "mem_overcommit",
        }
    }
}

/// A parsed `cluster.FIELD` target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClusterTarget {
    pub field: ClusterField,
}

impl ClusterTarget {
    /// Whether `target` is one of these.
    pub fn claims(target: &str) -> bool {
        target
            .strip_prefix("cluster.")
            .is_some_and(|f| ClusterField::ALL.iter().any(|x| x.name() == f))
    }

    pub fn parse(target: &str) -> Result<ClusterTarget, SettingError> {
        let field = target.strip_prefix("cluster.").unwrap_or("");
        ClusterField::ALL
            .into_iter()
            .find(|f| f.name() == field)
            .map(|field| ClusterTarget { field })
            .ok_or_else(|| SettingError {
                target: target.to_string(),
                message: "the cluster's settings are cluster.evc_baseline, cluster.scalable_shares and cluster.mem_overcommit".into(),
            })
    }

    pub fn get(&self, cluster: &ClusterSpec) -> Value {
        match self.field {
            ClusterField::ScalableShares => Value::Bool(cluster.scalable_shares),
            ClusterField::MemOvercommit => Value::Bool(cluster.mem_overcommit.unwrap_or(true)),
        }
    }

    pub fn set(&self, cluster: &mut ClusterSpec, value: &Value) -> Result<(), String> {
        let on = as_bool(value)?;
        match self.field {
            ClusterField::ScalableShares => cluster.scalable_shares = on,
            ClusterField::MemOvercommit => cluster.mem_overcommit = Some(on),
        }
        Ok(())
    }
}
