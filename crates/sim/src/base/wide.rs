//! Wide (u128) multiply and divide that stay in 64-bit instructions when
//! the values fit, with bit-identical results.
//!
//! Why: the models compute `a * b / d` in u128 so that nothing overflows,
//! but WebAssembly has no 64×64→128 multiply and no 128-bit divide: each
//! u128 `*` and `/` is a call into compiler-builtins (`__multi3`,
//! `__udivti3`), far slower than x86-64's `mul`/`div`. A V8 profile of the
//! memory engine spent 35 % of its time there (issue 18, wasm/native).
//! Almost every product the models form fits in 64 bits, so these take
//! the one-instruction path then and the exact u128 path otherwise.

/// `a * b`, exact.
#[inline]
pub fn mul(a: u128, b: u128) -> u128 {
    // Fewer than 64 significant bits between them: the product fits in u64.
    if a.leading_zeros() + b.leading_zeros() >= 192 {
        u128::from((a as u64) * (b as u64))
    } else {
        mul_u128(a, b)
    }
}

/// `n / d` rounded down. Panics when `d` is 0, like `/`.
#[inline]
pub fn div(n: u128, d: u128) -> u128 {
    match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n), Ok(d)) => u128::from(n / d),
        _ => div_u128(n, d),
    }
}

// The u128 paths are calls of their own: LLVM sees `a * b` as cheap and
// would otherwise compute both paths and select (a select is cheaper than
// a branch on x86-64), calling `__multi3` every time in wasm.
#[cold]
#[inline(never)]
fn mul_u128(a: u128, b: u128) -> u128 {
    a * b
}

#[cold]
#[inline(never)]
fn div_u128(n: u128, d: u128) -> u128 {
    n / d
}

/// `a * b / d` rounded down, exact (the quotient may exceed u64).
#[inline]
pub fn mul_div(a: u64, b: u64, d: u64) -> u128 {
    div(mul(u128::from(a), u128::from(b)), u128::from(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Values near the 32- and 64-bit edges, where the fast path's test
    /// changes its answer.
    fn edgy() -> impl Strategy<Value = u128> {
        prop_oneof![
            any::<u128>(),
            any::<u64>().prop_map(u128::from),
            any::<u32>().prop_map(u128::from),
            (0u32..128, -2i8..=2)
                .prop_map(|(k, d)| (1u128 << k).wrapping_add_signed(i128::from(d))),
        ]
    }

    proptest! {
        #[test]
        fn mul_equals_u128_multiplication(a in edgy(), b in edgy()) {
            if let Some(p) = a.checked_mul(b) {
                prop_assert_eq!(mul(a, b), p);
            }
        }

        #[test]
        fn div_equals_u128_division(n in edgy(), d in edgy()) {
            prop_assume!(d > 0);
            prop_assert_eq!(div(n, d), n / d);
        }

        #[test]
        fn mul_div_equals_u128_arithmetic(a: u64, b: u64, d in 1u64..) {
            prop_assert_eq!(mul_div(a, b, d), u128::from(a) * u128::from(b) / u128::from(d));
        }
    }

    #[test]
    fn the_edges_of_the_fast_paths() {
        let max = u128::from(u64::MAX);
        assert_eq!(mul(1 << 32, 1 << 31), 1 << 63);
        assert_eq!(mul(1 << 32, 1 << 32), 1 << 64);
        assert_eq!(mul(max, max), max * max);
        assert_eq!(div(max + 1, 2), 1 << 63);
        assert_eq!(div(max, max + 1), 0);
        assert_eq!(mul_div(u64::MAX, u64::MAX, 1), max * max);
    }
}
