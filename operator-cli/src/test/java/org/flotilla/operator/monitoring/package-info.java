/**
 * The coordinator's Prometheus exposition scraped from a real coordinator and checked against what
 * README's Monitoring section and {@code docs/monitoring/flotilla-dashboard.json} rely on.
 */
package org.flotilla.operator.monitoring;
