package dev.sqliterest.server.cli;

import dev.sqliterest.server.config.ByteSize;
import dev.sqliterest.server.config.ConfigException;
import dev.sqliterest.server.config.DurationText;
import dev.sqliterest.server.config.ListenAddress;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the value syntaxes in {@code server.config}, so a bad value is a usage
 * error (exit 2) with the parser's explanation.
 */
final class Converters {

  private Converters() {}

  /** {@code :8080}, {@code 127.0.0.1:8080}. */
  static final class Address implements ITypeConverter<ListenAddress> {
    @Override
    public ListenAddress convert(String value) {
      try {
        return ListenAddress.parse("address", value);
      } catch (ConfigException e) {
        throw new TypeConversionException(e.getMessage().replaceFirst("^address: ", ""));
      }
    }
  }

  /** {@code 500ms}, {@code 30s}, {@code 1h30m}. */
  static final class GoDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return DurationText.parse("duration", value);
      } catch (ConfigException e) {
        throw new TypeConversionException(e.getMessage().replaceFirst("^duration: ", ""));
      }
    }
  }

  /** {@code 1048576}, {@code 16MiB}. */
  static final class Bytes implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return ByteSize.parse("size", value);
      } catch (ConfigException e) {
        throw new TypeConversionException(e.getMessage().replaceFirst("^size: ", ""));
      }
    }
  }
}
