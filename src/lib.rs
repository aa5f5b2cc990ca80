//! dfix: finds and fixes container-packaging mistakes in Dockerfiles,
//! Kubernetes manifests and docker-compose files.
//!
//! Layers, from the pure core out: `syntax` (documents and trees), `rules`
//! (what is wrong, with fixes), `engine` (lint pass, fix application),
//! `output` (formats), `cli` (files, writes, exit codes). The core does no
//! IO; only `cli` touches the file system, and only `registry_client`
//! (called by `cli`) the network.

pub mod cli;
pub mod config;
pub mod dockerignore;
pub mod engine;
pub mod lsp;
pub mod output;
pub mod pin;
pub mod registry_client;
pub mod review;
pub mod rules;
pub mod syntax;
