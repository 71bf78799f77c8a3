/** API tokens: their roles, how they are made, named and hashed, and how hashes are compared. */
package io.relayq.core.auth;
