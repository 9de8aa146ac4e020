//! Change scripts: replaying an operator's commands on a configuration (`routeproof apply`).
