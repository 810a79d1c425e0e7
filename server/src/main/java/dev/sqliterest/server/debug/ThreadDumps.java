package dev.sqliterest.server.debug;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves {@code /debug/threads}: the JDK's own thread dump ({@code jcmd Thread.dump_to_file}),
 * which unlike {@code ThreadMXBean} includes virtual threads and full stacks.
 */
final class ThreadDumps {

  private final HotSpotDiagnosticMXBean diagnostics =
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

  void serve(HttpExchange exchange, Query query) throws IOException {
    String format = query.get("format").orElse("text");
    ThreadDumpFormat dumpFormat;
    String contentType;
    switch (format) {
      case "text" -> {
        dumpFormat = ThreadDumpFormat.TEXT_PLAIN;
        contentType = "text/plain; charset=utf-8";
      }
      case "json" -> {
        dumpFormat = ThreadDumpFormat.JSON;
        contentType = "application/json";
      }
      default -> {
        DebugServer.text(exchange, 400, "format must be text or json\n");
        return;
      }
    }
    Path dir = Files.createTempDirectory("sqlite-rest-threads");
    Path file = dir.resolve("threads." + format); // dumpThreads refuses an existing file
    try {
      diagnostics.dumpThreads(file.toString(), dumpFormat);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(200, Files.size(file));
      try (OutputStream out = exchange.getResponseBody()) {
        Files.copy(file, out);
      }
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }
}
