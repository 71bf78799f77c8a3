/**
 * How a long-running relayq process tells its supervisor that it is alive: the systemd
 * notification protocol ({@code READY=1}, {@code WATCHDOG=1}, {@code STOPPING=1}) and a small
 * HTTP {@code /healthz} endpoint for Kubernetes probes, both fed by one health judgement.
 */
package io.relayq.cli.health;
