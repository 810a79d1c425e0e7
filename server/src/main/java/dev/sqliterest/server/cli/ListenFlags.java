package dev.sqliterest.server.cli;

import dev.sqliterest.server.config.ListenAddress;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The listener flags shared by {@code serve} and {@code demo}, with sqlite-rest's defaults. */
public final class ListenFlags {

  @Option(
      names = "--http-addr",
      paramLabel = "ADDR",
      defaultValue = ":8080",
      converter = Converters.Address.class,
      description = "API listen address, host:port or :port. Default: ${DEFAULT-VALUE}.")
  ListenAddress httpAddr;

  @Option(
      names = "--metrics-addr",
      paramLabel = "ADDR",
      defaultValue = ":8081",
      description =
          "Admin listen address for /metrics, /live and /ready; empty disables it. Default:"
              + " ${DEFAULT-VALUE}.")
  String metricsAddr;

  ListenAddress httpAddr() {
    return httpAddr;
  }

  /** The admin listener, empty when {@code --metrics-addr ''} turned it off. */
  Optional<ListenAddress> metricsAddr() {
    return ListenAddress.parseOptional("--metrics-addr", metricsAddr);
  }
}
