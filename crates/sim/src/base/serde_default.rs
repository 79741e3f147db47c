//! Small helpers for serde's `default` and `skip_serializing_if`
//! attributes, shared by every part's file format.

pub fn default_true() -> bool {
    true
}
pub fn default_one() -> u32 {
    1
}
pub fn is_true(b: &bool) -> bool {
    *b
}
pub fn is_false(b: &bool) -> bool {
    !*b
}
pub fn is_one(n: &u32) -> bool {
    *n == 1
}
pub fn is_zero(n: &u64) -> bool {
    *n == 0
}
pub fn is_zero_u8(n: &u8) -> bool {
    *n == 0
}
pub fn is_zero_u32(n: &u32) -> bool {
    *n == 0
}
