package dev.sqliterest.replication.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed replica URL: {@code scheme://host/path?query}, or a plain filesystem path (scheme {@code
 * file}), as Litestream accepts them (docs/FORMAT.md, "Replica URLs and S3").
 *
 * <p>Parsed by hand rather than with {@link java.net.URI} because S3 access-point ARNs put colons
 * in the host part ({@code s3://arn:aws:s3:REGION:ACCT:accesspoint/NAME/prefix}).
 *
 * @param scheme lowercase scheme, {@code file} for plain paths
 * @param host the authority (bucket for S3), empty for {@code file}
 * @param path the path as written, including its leading slash ({@code ""} when absent)
 * @param query decoded query parameters in order of appearance
 */
public record ReplicaUrl(String scheme, String host, String path, Map<String, String> query) {

  public ReplicaUrl {
    query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
  }

  /** Parses {@code text}; a string without {@code ://} is a filesystem path. */
  public static ReplicaUrl parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("replica url is empty");
    }
    int sep = text.indexOf("://");
    if (sep < 0) {
      return fileUrl(Path.of(text).toAbsolutePath().normalize().toString());
    }
    String scheme = text.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
    if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
      throw new IllegalArgumentException("invalid replica url scheme in \"" + text + "\"");
    }
    String rest = text.substring(sep + 3);
    Map<String, String> query = new LinkedHashMap<>();
    int q = rest.indexOf('?');
    if (q >= 0) {
      parseQuery(rest.substring(q + 1), query);
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    String host = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    if (scheme.equals("file")) {
      if (!host.isEmpty() && !host.equals("localhost")) {
        throw new IllegalArgumentException(
            "file replica url must be file:///absolute/path, got \"" + text + "\"");
      }
      if (path.isEmpty()) {
        throw new IllegalArgumentException("file replica url has no path: \"" + text + "\"");
      }
      return new ReplicaUrl("file", "", Path.of(path).normalize().toString(), query);
    }
    return new ReplicaUrl(scheme, host, path, query);
  }

  private static ReplicaUrl fileUrl(String absolutePath) {
    return new ReplicaUrl("file", "", absolutePath, Map.of());
  }

  private static void parseQuery(String raw, Map<String, String> into) {
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      into.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
  }

  /** The value of the first of {@code names} present in the query (aliases like {@code a|b}). */
  public Optional<String> param(String... names) {
    for (String name : names) {
      String v = query.get(name);
      if (v != null) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** True when {@code text} looks like a URL rather than a filesystem path. */
  public static boolean isUrl(String text) {
    return text != null && text.contains("://");
  }

  /**
   * Where the replica is, without the query (which may carry an endpoint's credentials): what a
   * status page may show.
   */
  public String location() {
    return scheme + "://" + host + path;
  }

  /** The URL in canonical text form. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(scheme).append("://").append(host).append(path);
    if (!query.isEmpty()) {
      sb.append('?');
      query.forEach((k, v) -> sb.append(k).append('=').append(v).append('&'));
      sb.setLength(sb.length() - 1);
    }
    return sb.toString();
  }
}
