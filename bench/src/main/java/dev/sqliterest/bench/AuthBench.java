package dev.sqliterest.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.sqliterest.rest.AccessPolicy;
import dev.sqliterest.rest.HttpRequestData.Principal;
import dev.sqliterest.server.auth.AuthOptions;
import dev.sqliterest.server.auth.JwtAuthenticator;
import dev.sqliterest.server.metrics.Metrics;
import dev.sqliterest.server.metrics.Operation;
import dev.sqliterest.server.policy.PolicyFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-request cost of the security and metrics path: JWT authentication (HS256 and RS256-2048,
 * including the key file's change check; a repeated token, served from the verified-token cache,
 * and a first-seen one), the role policy check and one request's metrics update, against the
 * baseline of merely decoding the token ({@code decodeOnly}) and the bare {@code stat} of the key
 * file that rotation detection costs.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar AuthBench -f1 -wi 2 -i 3 -w 1 -r 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuthBench {

  private String hsToken;
  private String rsToken;
  private Optional<String> hsHeader;
  private Optional<String> rsHeader;
  private Path secretFile;

  /** More distinct tokens than the verified-token cache holds, so cycling them always misses. */
  private static final int DISTINCT_TOKENS = 10_001;

  private Optional<String>[] hsHeaders;
  private Optional<String>[] rsHeaders;
  private int next;
  private JwtAuthenticator hmac;
  private JwtAuthenticator rsa;
  private AccessPolicy policy;
  private Metrics metrics;
  private final Principal editor = new Principal("editor", Map.of());

  @Setup
  public void setup() throws Exception {
    Path dir = Files.createTempDirectory("auth-bench");
    secretFile = dir.resolve("secret");
    Files.writeString(secretFile, "0123456789abcdef0123456789abcdef");
    Instant exp = Instant.now().plusSeconds(3600);
    hsToken =
        JWT.create()
            .withClaim("role", "editor")
            .withExpiresAt(exp)
            .sign(Algorithm.HMAC256("0123456789abcdef0123456789abcdef"));
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    var pair = generator.generateKeyPair();
    Path pem = dir.resolve("key.pem");
    Files.writeString(
        pem,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    rsToken =
        JWT.create()
            .withClaim("role", "editor")
            .withExpiresAt(exp)
            .sign(Algorithm.RSA256(null, (RSAPrivateKey) pair.getPrivate()));
    hsHeader = Optional.of("Bearer " + hsToken);
    hsHeaders = distinct(Algorithm.HMAC256("0123456789abcdef0123456789abcdef"), exp);
    rsHeaders = distinct(Algorithm.RSA256(null, (RSAPrivateKey) pair.getPrivate()), exp);
    rsHeader = Optional.of("Bearer " + rsToken);
    hmac = JwtAuthenticator.create(AuthOptions.hmac(secretFile), InstantSource.system());
    rsa = JwtAuthenticator.create(AuthOptions.rsa(pem), InstantSource.system());
    Path policyFile = dir.resolve("policy.yaml");
    Files.writeString(
        policyFile,
        """
        roles:
          editor:
            books: {read: true, update: [title, price]}
            "*": [read]
        """,
        StandardCharsets.UTF_8);
    policy = PolicyFile.load(policyFile);
    metrics = Metrics.create();
  }

  @SuppressWarnings("unchecked")
  private static Optional<String>[] distinct(Algorithm key, Instant exp) {
    Optional<String>[] headers = new Optional[DISTINCT_TOKENS];
    for (int i = 0; i < headers.length; i++) {
      headers[i] =
          Optional.of(
              "Bearer "
                  + JWT.create()
                      .withClaim("role", "editor")
                      .withJWTId(Integer.toString(i))
                      .withExpiresAt(exp)
                      .sign(key));
    }
    return headers;
  }

  private int nextIndex() {
    next = next + 1 == DISTINCT_TOKENS ? 0 : next + 1;
    return next;
  }

  /** Baseline: split and Base64/JSON-decode the token, no signature check. */
  @Benchmark
  public Object decodeOnly() {
    return JWT.decode(hsToken);
  }

  /** The rotation check alone: one stat of the key file. */
  @Benchmark
  public Object keyFileStat() throws Exception {
    return Files.readAttributes(secretFile, BasicFileAttributes.class).lastModifiedTime();
  }

  /** The same token again: served from the verified-token cache (plus the key file stat). */
  @Benchmark
  public Principal hs256Repeated() throws Exception {
    return hmac.authenticate(hsHeader);
  }

  @Benchmark
  public Principal rs256Repeated() throws Exception {
    return rsa.authenticate(rsHeader);
  }

  /** A token not seen before: full decode, signature check, claims and role. */
  @Benchmark
  public Principal hs256FirstSeen() throws Exception {
    return hmac.authenticate(hsHeaders[nextIndex()]);
  }

  @Benchmark
  public Principal rs256FirstSeen() throws Exception {
    return rsa.authenticate(rsHeaders[nextIndex()]);
  }

  @Benchmark
  public Object policyCheckColumns() {
    return policy.denied(editor, "books", AccessPolicy.Action.UPDATE, Set.of("title", "price"));
  }

  @Benchmark
  public void metricsRequestCompleted() {
    metrics.requestCompleted(
        "books", Operation.QUERY_TABLE_OR_VIEW, 200, Duration.ofNanos(1_234_567));
  }
}
