/**
 * The chaos suite: each class turns one promise of the reliability contract (DESIGN §4) into a
 * test that runs the coordinator and workers as real processes and breaks them for real (SIGKILL,
 * SIGSTOP, a partitioning proxy, a full or read-only disk). Tagged {@code chaos}; the figures they
 * measure go to {@code target/chaos-figures.txt} and into {@code docs/RELIABILITY.md}.
 */
package io.relayq.it.chaos;
