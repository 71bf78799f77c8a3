/**
 * Recurring schedules: the cron expression parser, the schedule record, and the rule that decides
 * which tick to fire when a coordinator finds a schedule due (catch-up policy).
 */
package io.relayq.core.schedule;
