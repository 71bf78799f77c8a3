/**
 * Job templates: named programs with typed parameters, defined in the coordinator's config or
 * built in, expanded into an argv that no shell ever parses.
 */
package io.relayq.core.template;
