package io.relayq.core.api;

import java.util.List;

/** Every schedule, by name. */
public record ScheduleList(List<ScheduleView> schedules) {}
