//! docker-compose rules.
//!
//! Owns: the rules over compose files and the model they read
//! (`ComposeContext`: the root mapping and its `services`, each with its
//! YAML path). Never touches: IO or fix application.

mod database_port_all_interfaces;
mod depends_on_not_healthy;
mod latest_tag;
mod missing_healthcheck;
mod obsolete_version;
mod secret_in_environment;
mod state_without_volume;

use std::path::Path;

use crate::engine::{Diagnostic, LintResult};
use crate::rules::RuleMeta;
use crate::syntax::yaml_tree::{parse_stream, Style, Value, YamlDoc};

/// Every compose rule.
pub static RULES: &[&RuleMeta] = &[
    &latest_tag::RULE,
    &state_without_volume::RULE,
    &depends_on_not_healthy::RULE,
    &missing_healthcheck::RULE,
    &secret_in_environment::RULE,
    &obsolete_version::RULE,
    &database_port_all_interfaces::RULE,
];

type Check = fn(&ComposeContext, &mut Vec<Diagnostic>);

static CHECKS: &[Check] = &[
    latest_tag::check,
    state_without_volume::check,
    depends_on_not_healthy::check,
    missing_healthcheck::check,
    secret_in_environment::check,
    obsolete_version::check,
    database_port_all_interfaces::check,
];

/// One service of a compose file.
pub struct Service<'a> {
    pub name: &'a str,
    pub value: &'a Value,
    /// `services.<name>`.
    pub path: String,
}

impl Service<'_> {
    /// The image name without registry, namespace or tag: `postgres`.
    pub fn image_base(&self) -> Option<String> {
        let image = self.value.get_str("image")?;
        let last = image.rsplit('/').next()?;
        let base = last.split(['@', ':']).next()?;
        Some(base.to_ascii_lowercase())
    }

    /// Has a healthcheck that is not disabled.
    pub fn has_healthcheck(&self) -> bool {
        self.value.get("healthcheck").is_some_and(|h| {
            h.get("disable").and_then(Value::as_bool) != Some(true)
                && h.get("test")
                    .and_then(Value::as_seq)
                    .and_then(|t| t.first())
                    .is_none_or(|t| t.as_str() != Some("NONE"))
        })
    }
}

/// What a compose rule reads.
pub struct ComposeContext<'a> {
    pub text: &'a str,
    pub doc: &'a YamlDoc,
    pub root: &'a Value,
    pub services: Vec<Service<'a>>,
    pub style: Style,
}

impl ComposeContext<'_> {
    pub fn service(&self, name: &str) -> Option<&Service<'_>> {
        self.services.iter().find(|s| s.name == name)
    }
}

/// Images whose containers keep state, and where.
pub const DATABASES: &[(&str, &str, u16)] = &[
    ("postgres", "/var/lib/postgresql/data", 5432),
    ("postgis", "/var/lib/postgresql/data", 5432),
    ("mysql", "/var/lib/mysql", 3306),
    ("mariadb", "/var/lib/mysql", 3306),
    ("mongo", "/data/db", 27017),
    ("redis", "/data", 6379),
    ("elasticsearch", "/usr/share/elasticsearch/data", 9200),
    ("opensearch", "/usr/share/opensearch/data", 9200),
    ("cassandra", "/var/lib/cassandra", 9042),
    ("couchdb", "/opt/couchdb/data", 5984),
    ("rabbitmq", "/var/lib/rabbitmq", 5672),
    ("influxdb", "/var/lib/influxdb2", 8086),
    ("clickhouse-server", "/var/lib/clickhouse", 8123),
    ("neo4j", "/data", 7687),
    ("memcached", "", 11211),
];

pub fn database(base: &str) -> Option<&'static (&'static str, &'static str, u16)> {
    DATABASES.iter().find(|(name, _, _)| *name == base)
}

pub fn run(_path: Option<&Path>, text: &str) -> LintResult {
    let mut diagnostics = Vec::new();
    let mut count = 0;
    for doc in parse_stream(text) {
        count += doc.error_count;
        diagnostics.extend(super::kubernetes::syntax_diagnostic(
            text,
            &doc,
            &super::syntax_error::COMPOSE,
        ));
        if doc.error_count > 0 {
            continue;
        }
        let Some(root) = doc.root.as_ref().filter(|r| r.as_map().is_some()) else {
            continue;
        };
        let services = root
            .get("services")
            .and_then(Value::as_map)
            .map(|m| {
                m.iter()
                    .filter_map(|e| {
                        let v = e.value.as_ref().filter(|v| v.as_map().is_some())?;
                        Some(Service {
                            name: &e.key,
                            value: v,
                            path: format!("services.{}", e.key),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let cx = ComposeContext {
            text,
            doc: &doc,
            root,
            services,
            style: Style::detect(text, Some(root)),
        };
        for check in CHECKS {
            check(&cx, &mut diagnostics);
        }
    }
    LintResult {
        diagnostics,
        syntax_error_count: count,
    }
}
