//! A setting: one change to one field, `KIND.NAME.FIELD = VALUE`. Lab
//! controls, reference solutions, timeline entries and the CLI's `--set`
//! all become settings; each part of the model parses the targets it owns
//! (`crate::scenario::Target` dispatches). This module holds the value
//! type and the readers every part shares.

use crate::base::shares::Shares;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A setting's value as written in TOML or on the command line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Text(String),
}

impl Value {
    /// Reads a command-line value: `true`/`false`, a whole number, or text.
    pub fn parse(text: &str) -> Value {
        match text.trim() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            t => t
                .parse()
                .map(Value::Int)
                .unwrap_or_else(|_| Value::Text(t.to_string())),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Text(t) => f.write_str(t),
        }
    }
}

/// A change to one field of one thing in the scenario.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Setting {
    /// `vm.NAME.FIELD`, `pool.NAME.FIELD`, `ha.FIELD`, ...
    pub target: String,
    pub value: Value,
}

/// Why a setting cannot be applied; says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError {
    pub target: String,
    pub message: String,
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.target, self.message)
    }
}

impl std::error::Error for SettingError {}

/// A limit: a whole number, or `"unlimited"` (no limit).
pub fn as_limit(value: &Value) -> Result<Option<u64>, String> {
    match value {
        Value::Text(t) if t == "unlimited" => Ok(None),
        Value::Int(n) if *n >= 0 => Ok(Some(*n as u64)),
        other => Err(format!(
            "expected a whole number 0 or more, or \"unlimited\", got '{other}'"
        )),
    }
}

/// A name, or "none" for none.
pub fn as_name(value: &Value) -> Result<Option<String>, String> {
    match value {
        Value::Text(t) if t == "none" => Ok(None),
        Value::Text(t) if !t.trim().is_empty() => Ok(Some(t.trim().to_string())),
        other => Err(format!("expected a name or none, got '{other}'")),
    }
}

/// A comma-separated list, or "none" for an empty one.
pub fn as_list(value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::Text(t) if t == "none" => Ok(Vec::new()),
        Value::Text(t) => Ok(t
            .split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect()),
        Value::Int(n) => Ok(vec![n.to_string()]),
        other => Err(format!(
            "expected a comma-separated list or none, got '{other}'"
        )),
    }
}

/// A list as a setting writes it.
pub fn list_value<T: ToString>(items: &[T]) -> Value {
    if items.is_empty() {
        return Value::Text("none".into());
    }
    Value::Text(items.iter().map(T::to_string).collect::<Vec<_>>().join(","))
}

pub fn as_bool(value: &Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => Err(format!("expected true or false, got '{other}'")),
    }
}

pub fn as_pct(value: &Value) -> Result<u8, String> {
    match value {
        Value::Int(n) if (0..=100).contains(n) => Ok(*n as u8),
        other => Err(format!(
            "expected a percentage from 0 to 100, got '{other}'"
        )),
    }
}

pub fn as_count(value: &Value) -> Result<u64, String> {
    match value {
        Value::Int(n) if *n >= 0 => Ok(*n as u64),
        other => Err(format!("expected a whole number 0 or more, got '{other}'")),
    }
}

pub fn as_shares(value: &Value) -> Result<Shares, String> {
    let parsed = match value {
        Value::Int(n) => u32::try_from(*n).ok().map(Shares::Custom),
        Value::Text(t) => Shares::parse(t),
        Value::Bool(_) => None,
    };
    parsed.ok_or_else(|| format!("expected low, normal, high or a number of shares, got '{value}'"))
}

pub fn shares_value(s: Shares) -> Value {
    match s {
        Shares::Custom(n) => Value::Int(i64::from(n)),
        level => Value::Text(level.to_string()),
    }
}
