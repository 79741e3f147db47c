//! Settings of a resource pool's fields, `pool.NAME.FIELD = VALUE` (a
//! vApp's resources are its pool's).

use super::pool::PoolSpec;
use super::Inventory;
use crate::base::setting::{
    as_bool, as_count, as_limit, as_shares, shares_value, SettingError, Value,
};

/// The resource pool fields a setting may change (the scenario's `[[pool]]`
/// names; a pool's place in the tree, `host` and `parent`, is fixed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PoolField {
    CpuReservationMhz,
    CpuLimitMhz,
    CpuShares,
    MemReservationMb,
    MemLimitMb,
    MemShares,
    CpuExpandable,
    MemExpandable,
    /// Both expandable switches at once.
    Expandable,
}

impl PoolField {
    pub const ALL: [PoolField; 9] = [
        PoolField::CpuReservationMhz,
        PoolField::CpuLimitMhz,
        PoolField::CpuShares,
        PoolField::MemReservationMb,
        PoolField::MemLimitMb,
        PoolField::MemShares,
        PoolField::CpuExpandable,
        PoolField::MemExpandable,
        PoolField::Expandable,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PoolField::CpuReservationMhz => "cpu_reservation_mhz",
            PoolField::CpuLimitMhz => "cpu_limit_mhz",
            PoolField::CpuShares => "cpu_shares",
            PoolField::MemReservationMb => "mem_reservation_mb",
            PoolField::MemLimitMb => "mem_limit_mb",
            PoolField::MemShares => "mem_shares",
            PoolField::CpuExpandable => "cpu_expandable",
            PoolField::MemExpandable => "mem_expandable",
            PoolField::Expandable => "expandable",
        }
    }

    pub fn parse(name: &str) -> Option<PoolField> {
        PoolField::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A parsed pool setting target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PoolTarget {
    pub pool: String,
    pub field: PoolField,
}

impl PoolTarget {
    /// Parses `pool.NAME.FIELD`, checking that the pool exists in `scenario`.
    pub fn parse(target: &str, inv: &Inventory) -> Result<PoolTarget, SettingError> {
        let err = |message: String| SettingError {
            target: target.to_string(),
            message,
        };
        let rest = target.strip_prefix("pool.").ok_or_else(|| {
            err(
                "a pool target has the form pool.NAME.FIELD, e.g. pool.RP-KID.cpu_expandable"
                    .into(),
            )
        })?;
        let (pool, field) = rest
            .rsplit_once('.')
            .ok_or_else(|| err("a pool target has the form pool.NAME.FIELD".into()))?;
        if inv.pool(pool).is_none() {
            let names: Vec<&str> = inv.pool.iter().map(|p| p.name.as_str()).collect();
            let names = if names.is_empty() {
                "(none: add a [[pool]])".to_string()
            } else {
                names.join(", ")
            };
            return Err(err(format!(
                "there is no resource pool named '{pool}'; the scenario has: {names}"
            )));
        }
        let field = PoolField::parse(field).ok_or_else(|| {
            let names: Vec<&str> = PoolField::ALL.iter().map(|f| f.name()).collect();
            err(format!(
                "'{field}' is not a pool field that a setting can change; use one of: {}",
                names.join(", ")
            ))
        })?;
        Ok(PoolTarget {
            pool: pool.to_string(),
            field,
        })
    }
}

/// Writes `value` into `pool.field`, or says what kind of value it takes.
pub fn set_pool_field(pool: &mut PoolSpec, field: PoolField, value: &Value) -> Result<(), String> {
    match field {
        PoolField::CpuReservationMhz => pool.cpu_reservation_mhz = as_count(value)?,
        PoolField::CpuLimitMhz => pool.cpu_limit_mhz = as_limit(value)?,
        PoolField::CpuShares => pool.cpu_shares = as_shares(value)?,
        PoolField::MemReservationMb => pool.mem_reservation_mb = as_count(value)?,
        PoolField::MemLimitMb => pool.mem_limit_mb = as_limit(value)?,
        PoolField::MemShares => pool.mem_shares = as_shares(value)?,
        PoolField::CpuExpandable => pool.cpu_expandable = as_bool(value)?,
        PoolField::MemExpandable => pool.mem_expandable = as_bool(value)?,
        PoolField::Expandable => {
            let both = as_bool(value)?;
            pool.expandable = Some(both);
            pool.cpu_expandable = both;
            pool.mem_expandable = both;
        }
    }
    Ok(())
}

/// The current value of a pool field, in the form a setting would write it.
pub fn get_pool_field(pool: &PoolSpec, field: PoolField) -> Value {
    let opt = |v: Option<u64>| v.map_or(Value::Text("unlimited".into()), |n| Value::Int(n as i64));
    match field {
        PoolField::CpuReservationMhz => Value::Int(pool.cpu_reservation_mhz as i64),
        PoolField::CpuLimitMhz => opt(pool.cpu_limit_mhz),
        PoolField::CpuShares => shares_value(pool.cpu_shares),
        PoolField::MemReservationMb => Value::Int(pool.mem_reservation_mb as i64),
        PoolField::MemLimitMb => opt(pool.mem_limit_mb),
        PoolField::MemShares => shares_value(pool.mem_shares),
        PoolField::CpuExpandable => Value::Bool(pool.cpu_expandable),
        PoolField::MemExpandable => Value::Bool(pool.mem_expandable),
        PoolField::Expandable => Value::Bool(pool.cpu_expandable && pool.mem_expandable),
    }
}
