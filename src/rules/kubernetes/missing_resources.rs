//! # missing-resources (KS003)
//!
//! ## What it does
//! Flags a container without a CPU request, a memory request or a memory
//! limit. A request that Kubernetes derives from a limit counts as set.
//! CPU limits are not required: they throttle a busy process even when the
//! node is idle.
//!
//! ## Why is this bad?
//! Without requests the scheduler packs pods blindly and the pod is the
//! first to be evicted (`BestEffort`); an HPA cannot compute CPU
//! utilisation. Without a memory limit one leaking pod takes the node's
//! memory from its neighbours.
//!
//! ## Example
//! ```yaml
//! containers:
//!   - name: api
//!     image: api:1.4.0
//! ```
//!
//! ## Use instead
//! ```yaml
//! containers:
//!   - name: api
//!     image: api:1.4.0
//!     resources:
//!       requests:
//!         cpu: 100m
//!         memory: 128Mi
//!       limits:
//!         memory: 256Mi
//! ```
//!
//! ## Fix safety
//! Unsafe: the values change scheduling and a too-low memory limit
//! OOM-kills the container. The fix inserts only what is missing, from the
//! configured defaults (`default_cpu_request`, `default_memory_request`,
//! `default_memory_limit`); a missing memory limit next to an existing
//! request becomes twice the request, so the limit is never below it.

use super::util::{at_container, container_fix};
use super::DocContext;
use crate::engine::{Applicability, Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::{Gen, Value};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS003",
    name: "missing-resources",
    kind: FileKind::Kubernetes,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    aliases: &[
        "kube-linter/unset-cpu-requirements",
        "kube-linter/unset-memory-requirements",
        "checkov/CKV_K8S_10",
        "checkov/CKV_K8S_12",
        "checkov/CKV_K8S_13",
        "polaris/cpuRequestsMissing",
        "polaris/memoryRequestsMissing",
        "polaris/memoryLimitsMissing",
    ],
    summary: "Container without CPU/memory requests or a memory limit",
    source: include_str!("missing_resources.rs"),
};

/// A Kubernetes quantity (`100m`, `128Mi`, `1.5G`, `2e3`) as a number.
pub fn quantity(s: &str) -> Option<f64> {
    let s = s.trim();
    let split = s
        .find(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "Ki" => 1024.0,
        "Mi" => 1024.0f64.powi(2),
        "Gi" => 1024.0f64.powi(3),
        "Ti" => 1024.0f64.powi(4),
        _ => return None,
    };
    Some(n * mult)
}

fn set(v: Option<&Value>) -> bool {
    v.is_some_and(|v| !v.is_null())
}

/// `512Mi` → `1024Mi`; `None` unless the number is plain.
fn doubled(s: &str) -> Option<String> {
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, suffix) = s.split_at(split);
    if !suffix.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let n: u64 = num.parse().ok()?;
    quantity(s)?;
    Some(format!("{}{suffix}", n * 2))
}

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    for c in &cx.object.containers {
        if cx.keys_unknown(c) {
            continue;
        }
        let res = c.value.get("resources");
        if res.is_some_and(|r| r.templated || r.as_map().is_none() && !r.is_null()) {
            continue;
        }
        let get = |p: &[&str]| res.and_then(|r| r.path(p));
        let mut missing = Vec::new();
        let mut requests = Vec::new();
        let mut limits = Vec::new();
        if !set(get(&["requests", "cpu"])) && !set(get(&["limits", "cpu"])) {
            missing.push("CPU request");
            requests.push(("cpu", Gen::str(&cx.config.default_cpu_request)));
        }
        let mem_request = get(&["requests", "memory"]).filter(|v| !v.is_null());
        if mem_request.is_none() && !set(get(&["limits", "memory"])) {
            missing.push("memory request");
            requests.push(("memory", Gen::str(&cx.config.default_memory_request)));
        }
        let mut fixable = true;
        if !set(get(&["limits", "memory"])) {
            missing.push("memory limit");
            let limit = match mem_request {
                None => Some(cx.config.default_memory_limit.clone()),
                Some(r) => r.as_str().and_then(doubled),
            };
            match limit {
                Some(l) => limits.push(("memory", Gen::Str(l))),
                None => fixable = false,
            }
        }
        if missing.is_empty() {
            continue;
        }
        let mut want = Vec::new();
        let mut paths = Vec::new();
        for (k, _) in &requests {
            paths.push(format!("{}.resources.requests.{k}", c.path));
        }
        for (k, _) in &limits {
            paths.push(format!("{}.resources.limits.{k}", c.path));
        }
        if !requests.is_empty() {
            want.push(("requests", Gen::map(requests)));
        }
        if !limits.is_empty() {
            want.push(("limits", Gen::map(limits)));
        }
        let mut d = at_container(
            &RULE,
            c,
            res.filter(|r| !r.range.is_empty()),
            format!(
                "{} has no {}: the scheduler cannot place it sensibly and it is evicted first",
                capitalize(&c.label()),
                join_and(&missing)
            ),
        );
        if fixable {
            if let Some(f) = container_fix(
                cx,
                c,
                Gen::map(vec![("resources", Gen::map(want))]),
                format!("Insert resource defaults at {}", paths.join(", ")),
                Applicability::Unsafe,
            ) {
                d = d.with_fix(f);
            }
        }
        out.push(d);
    }
}

pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [a] => a.to_string(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        assert_eq!(quantity("100m"), Some(0.1));
        assert_eq!(quantity("128Mi"), Some(128.0 * 1024.0 * 1024.0));
        assert_eq!(quantity("1G"), Some(1e9));
        assert_eq!(quantity("1Gi").unwrap(), quantity("1024Mi").unwrap());
        assert_eq!(quantity("x"), None);
        assert_eq!(doubled("512Mi").as_deref(), Some("1024Mi"));
        assert_eq!(doubled("1.5Gi"), None);
        assert_eq!(join_and(&["a", "b"]), "a and b");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b, and c");
    }
}
