/**
 * Deterministic simulation of many sentinels, modelled Redis nodes and a faulty network, all driven by
 * one seed on one thread (docs/simulation.md).
 */
package io.jsentinel.sim;
