//! routeproof's verifier: simulation of the control plane and proofs over the data plane.
//!
//! Thin for now; the control-plane simulation and the differential check build on the IR of
//! `routeproof_parser::ir`. The verifier performs no I/O.
