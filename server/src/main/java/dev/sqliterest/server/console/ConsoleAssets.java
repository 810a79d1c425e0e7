package dev.sqliterest.server.console;

import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.rest.ResponseBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The console's files, read from the jar once. Each is sent with a Content-Security-Policy that
 * allows only this origin, so the page can load nothing from elsewhere (no CDN) and can be framed
 * by no other site.
 */
public final class ConsoleAssets {

  /** The page, its script and its style; the empty name is the page. */
  private static final Map<String, String> TYPES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "console.js", "text/javascript; charset=utf-8",
          "console.css", "text/css; charset=utf-8");

  static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final Map<String, byte[]> files;

  private ConsoleAssets(Map<String, byte[]> files) {
    this.files = files;
  }

  /** Reads the files from the classpath; a missing one is a packaging error. */
  public static ConsoleAssets load() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : TYPES.keySet()) {
      try (InputStream in = ConsoleAssets.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("console file " + name + " is missing from the jar");
        }
        files.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("read console file " + name, e);
      }
    }
    return new ConsoleAssets(Map.copyOf(files));
  }

  /** The file named {@code name} ({@code ""} for the page), or empty when there is none. */
  Optional<HttpResponseData> response(String name) {
    String file = name.isEmpty() ? "index.html" : name;
    byte[] bytes = files.get(file);
    if (bytes == null) {
      return Optional.empty();
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of(TYPES.get(file)));
    headers.put("Cache-Control", List.of("no-cache"));
    headers.put("Content-Security-Policy", List.of(POLICY));
    headers.put("X-Content-Type-Options", List.of("nosniff"));
    headers.put("Referrer-Policy", List.of("no-referrer"));
    return Optional.of(
        new HttpResponseData(200, headers, ResponseBody.of(bytes), OptionalLong.empty()));
  }
}
