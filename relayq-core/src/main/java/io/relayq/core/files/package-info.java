/** Job input and output files: names, checksums and the records that describe them. */
package io.relayq.core.files;
