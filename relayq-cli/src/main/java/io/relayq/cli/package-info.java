/**
 * The {@code relayq} command line: one picocli command per verb, one place that maps failures to
 * exit codes ({@link io.relayq.cli.ExitCodes}), and the config file reader. Entry point:
 * {@link io.relayq.cli.Main}.
 */
package io.relayq.cli;
