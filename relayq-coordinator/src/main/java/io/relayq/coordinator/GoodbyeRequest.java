package io.relayq.coordinator;

/**
 * A worker leaving ({@code POST /workers/{name}/goodbye}).
 *
 * @param draining true: stop giving me work, I finish what I run; false: I am gone
 */
record GoodbyeRequest(String incarnation, boolean draining) {}
