/** TLS material in PEM files: certificate chains and private keys, read with the JDK alone. */
package io.relayq.core.tls;
