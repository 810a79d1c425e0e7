package dev.sqliterest.server.debug;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

/**
 * Serves {@code /debug/jfr?seconds=N}: records the next N seconds with JFR's {@code profile}
 * settings (method sampling, allocation, locks, I/O) and streams the {@code .jfr} file. One
 * recording at a time, so a loop of requests cannot stack up profilers.
 *
 * <p>Events that copy the process environment, system properties or command lines ({@link
 * #WITHHELD}) are disabled in the recording and filtered out of the file: the environment holds
 * secrets such as {@code AWS_SECRET_ACCESS_KEY}. The filter also covers events that another
 * recording running in the same JVM (say {@code -XX:StartFlightRecording}) put in the shared
 * chunks.
 */
final class JfrRecordings {

  static final int DEFAULT_SECONDS = 30;
  static final int MAX_SECONDS = 600;

  /** Events never served: they carry environment variables, properties or arguments. */
  static final Set<String> WITHHELD =
      Set.of(
          "jdk.InitialEnvironmentVariable", // the whole environment
          "jdk.InitialSystemProperty", // -D values and sun.java.command (the program arguments)
          "jdk.InitialSecurityProperty",
          "jdk.SecurityPropertyModification",
          "jdk.JVMInformation", // JVM and program arguments
          "jdk.StringFlag", // string -XX values from the command line
          "jdk.StringFlagChanged",
          "jdk.JavaAgent", // agent options
          "jdk.NativeAgent",
          "jdk.SystemProcess", // command lines of every process on the machine
          "jdk.ProcessStart"); // command lines of processes this JVM started

  private final Semaphore running = new Semaphore(1);

  void serve(HttpExchange exchange, Query query) throws IOException {
    int seconds;
    try {
      seconds = Integer.parseInt(query.get("seconds").orElse(Integer.toString(DEFAULT_SECONDS)));
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 1 || seconds > MAX_SECONDS) {
      DebugServer.text(
          exchange, 400, "seconds must be a whole number from 1 to " + MAX_SECONDS + "\n");
      return;
    }
    if (!running.tryAcquire()) {
      DebugServer.text(
          exchange, 409, "a JFR recording is already running; try again when it ends\n");
      return;
    }
    Path file = null;
    try {
      file = withoutWithheldEvents(record(seconds));
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange
          .getResponseHeaders()
          .set(
              "Content-Disposition",
              "attachment; filename=\"sqlite-rest-" + Instant.now().getEpochSecond() + ".jfr\"");
      exchange.sendResponseHeaders(200, Files.size(file));
      try (OutputStream out = exchange.getResponseBody()) {
        Files.copy(file, out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      DebugServer.text(exchange, 503, "recording interrupted (server shutting down)\n");
    } finally {
      running.release();
      if (file != null) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static Path record(int seconds) throws IOException, InterruptedException {
    Configuration profile;
    try {
      profile = Configuration.getConfiguration("profile");
    } catch (ParseException e) {
      throw new IOException("read JFR profile settings", e);
    }
    Map<String, String> settings = new HashMap<>(profile.getSettings());
    WITHHELD.forEach(event -> settings.put(event + "#enabled", "false"));
    try (Recording recording = new Recording(settings)) {
      recording.setName("sqlite-rest-debug");
      recording.setToDisk(true);
      recording.start();
      Thread.sleep(seconds * 1000L);
      recording.stop();
      Path file = Files.createTempFile("sqlite-rest-", ".jfr");
      recording.dump(file);
      return file;
    }
  }

  private static Path withoutWithheldEvents(Path recording) throws IOException {
    Path filtered = Files.createTempFile("sqlite-rest-", ".jfr");
    try (RecordingFile file = new RecordingFile(recording)) {
      file.write(filtered, event -> !WITHHELD.contains(event.getEventType().getName()));
      return filtered;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(filtered);
      throw e;
    } finally {
      Files.delete(recording);
    }
  }
}
