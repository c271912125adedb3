//! The in-process and spawned HTTP tests, one binary: each file under `tests/` used to be its
//! own binary, and linking fifteen copies of the server cost minutes and gigabytes per build.

mod common;

mod balancer;
mod bff;
mod carrier_jwt;
mod carrier_session;
mod csrf_lab;
mod forge_lab;
mod foundation;
mod front_door;
mod host_check;
mod introspection;
mod jwt_lifecycle;
mod jwt_verify;
mod lab;
mod lab_isolation;
mod node_outage;
mod nodes;
mod nodes_jwt;
mod openapi;
mod orders;
mod partner;
mod rights;
mod room;
mod session;
mod storage_probe;
mod trace;
mod workshop_tls;
