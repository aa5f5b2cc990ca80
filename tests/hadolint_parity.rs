//! Invariants of hadolint parity (issue 8): every DL rule of hadolint 2.15.1
//! is a dfix rule reachable by its code, with or without the `hadolint/`
//! prefix, from the library and from the CLI.

use std::process::Command;

use dfix::rules;

/// hadolint 2.15.1's DL rules (its README table; DL1000 is its parse error).
const DL_RULES: &[&str] = &[
    "DL1001", "DL3000", "DL3001", "DL3002", "DL3003", "DL3004", "DL3006", "DL3007", "DL3008",
    "DL3009", "DL3010", "DL3011", "DL3012", "DL3013", "DL3014", "DL3015", "DL3016", "DL3018",
    "DL3019", "DL3020", "DL3021", "DL3022", "DL3023", "DL3024", "DL3025", "DL3026", "DL3027",
    "DL3028", "DL3029", "DL3030", "DL3032", "DL3033", "DL3034", "DL3035", "DL3036", "DL3037",
    "DL3038", "DL3040", "DL3041", "DL3042", "DL3043", "DL3044", "DL3045", "DL3046", "DL3047",
    "DL3048", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056",
    "DL3057", "DL3058", "DL3059", "DL3060", "DL3061", "DL3062", "DL3063", "DL3064", "DL3065",
    "DL3066", "DL3067", "DL4000", "DL4001", "DL4003", "DL4004", "DL4005", "DL4006",
];

#[test]
fn every_dl_rule_has_a_dfix_rule() {
    assert_eq!(DL_RULES.len(), 71);
    for dl in DL_RULES {
        let r = rules::find(dl).unwrap_or_else(|| panic!("no dfix rule for {dl}"));
        assert!(
            r.aliases.contains(&format!("hadolint/{dl}").as_str()),
            "{} found for {dl} but lacks the alias",
            r.code
        );
        assert_eq!(
            rules::find(&format!("hadolint/{dl}")).map(|x| x.code),
            Some(r.code)
        );
        assert!(r.matches(dl) && r.matches(&format!("hadolint/{dl}")));
    }
}

#[test]
fn no_alias_names_a_rule_hadolint_does_not_have() {
    for r in rules::all() {
        for a in r.aliases {
            if let Some(dl) = a.strip_prefix("hadolint/") {
                assert!(DL_RULES.contains(&dl), "{} has alias {a}", r.code);
            }
        }
    }
}

#[test]
fn cli_finds_a_rule_by_hadolint_and_buildkit_alias() {
    let run = |sel: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_dfix"))
            .args(["rule", sel])
            .output()
            .unwrap();
        assert!(o.status.success(), "dfix rule {sel}");
        String::from_utf8(o.stdout).unwrap()
    };
    assert!(run("DL3008").starts_with("DF108 apt-version-not-pinned"));
    assert!(run("hadolint/DL4006").starts_with("DF176 pipe-without-pipefail"));
    assert!(run("MaintainerDeprecated").starts_with("DF170 maintainer-deprecated"));
    let list = Command::new(env!("CARGO_BIN_EXE_dfix"))
        .arg("rules")
        .output()
        .unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    let line = list
        .lines()
        .find(|l| l.starts_with("DF147"))
        .expect("DF147 listed");
    assert!(
        line.contains("always") && line.contains("hadolint/DL3047"),
        "{line}"
    );
}
