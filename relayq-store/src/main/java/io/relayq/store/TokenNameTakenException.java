package io.relayq.store;

/** A token was to be created under the name of a token that is not revoked. Nothing changed. */
public final class TokenNameTakenException extends StoreException {
  public TokenNameTakenException(String name) {
    super("a token named '" + name + "' already exists; pick another name, or revoke that one first");
  }
}
