package io.relayq.store.files;

import io.relayq.store.StoreException;
import java.util.List;

/**
 * A submit named inputs whose uploads the store does not hold complete: never uploaded, not
 * finished, or removed as unused. Nothing changed.
 */
public final class UnknownUploadException extends StoreException {
  public UnknownUploadException(List<String> uploads) {
    super("no complete upload " + String.join(", ", uploads) + " (it never finished, or was removed unused);"
        + " upload the file again");
  }
}
