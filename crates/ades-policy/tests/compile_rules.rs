//! The compile-time rules of the Madrid signature policy, proved with `trybuild`.
//!
//! Every file in `tests/ui/` is a use of the API the policy forbids and must fail to compile
//! with the error recorded next to it (`.stderr`); every file in `tests/ui-pass/` is a use
//! the policy permits and must compile. Regenerate the expected errors with
//! `TRYBUILD=overwrite cargo test -p ades-policy --test compile_rules` and review the diff.

#[test]
fn madrid_policy_rules_hold_at_compile_time() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/ui-pass/*.rs");
}
