package io.relayq.cli;

import io.relayq.cli.service.ServiceKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code worker} or {@code server}, for the service commands. */
final class ServiceKindConverter implements ITypeConverter<ServiceKind> {
  @Override
  public ServiceKind convert(String value) {
    try {
      return ServiceKind.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
