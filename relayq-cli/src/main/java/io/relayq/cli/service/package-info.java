/**
 * {@code relayq install-service}, {@code uninstall-service} and {@code service status}: what a
 * relayq service is ({@link io.relayq.cli.service.ServiceSpec}), how it is written down for systemd
 * ({@link io.relayq.cli.service.SystemdUnit}) and launchd ({@link io.relayq.cli.service.LaunchdPlist}),
 * and the steps that install, remove and inspect it on this host.
 */
package io.relayq.cli.service;
