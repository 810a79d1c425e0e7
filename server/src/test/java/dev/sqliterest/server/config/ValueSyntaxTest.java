package dev.sqliterest.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Listen addresses, durations and sizes as users write them. */
final class ValueSyntaxTest {

  @ParameterizedTest
  @CsvSource({
    ":8080,,8080",
    "127.0.0.1:0,127.0.0.1,0",
    "localhost:9000,localhost,9000",
    "[::1]:8081,::1,8081",
    "0.0.0.0:80,0.0.0.0,80"
  })
  void listenAddress_parse(String text, String host, int port) {
    ListenAddress address = ListenAddress.parse("--http-addr", text);

    assertThat(address.host()).isEqualTo(Optional.ofNullable(host));
    assertThat(address.port()).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8080", "host:", "host:http", ":70000", ":-1"})
  void listenAddress_rejects(String text) {
    assertThatThrownBy(() -> ListenAddress.parse("--http-addr", text))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--http-addr");
  }

  @Test
  void listenAddress_emptyIsDisabled() {
    assertThat(ListenAddress.parseOptional("--metrics-addr", "")).isEmpty();
    assertThat(ListenAddress.parseOptional("--metrics-addr", null)).isEmpty();
  }

  @Test
  void listenAddress_toStringRoundTrips() {
    assertThat(ListenAddress.parse("a", ":8080").toString()).isEqualTo(":8080");
    assertThat(ListenAddress.parse("a", "[::1]:1").toString()).isEqualTo("[::1]:1");
  }

  @ParameterizedTest
  @CsvSource({
    "500ms,500",
    "30s,30000",
    "5m,300000",
    "1h30m,5400000",
    "1.5s,1500",
    "0,0",
    "PT2S,2000",
    "250us,0"
  })
  void duration_parseGoStyle(String text, long millis) {
    assertThat(DurationText.parse("--shutdown-timeout", text).toMillis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5x", "s", "1h 30m", "-5s", "PT-1S"})
  void duration_rejects(String text) {
    assertThatThrownBy(() -> DurationText.parse("--shutdown-timeout", text))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--shutdown-timeout");
  }

  @Test
  void duration_formatIsGoStyle() {
    assertThat(DurationText.format(Duration.ofSeconds(5400))).isEqualTo("1h30m");
    assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
  }

  @ParameterizedTest
  @CsvSource({
    "1048576,1048576",
    "16MiB,16777216",
    "16m,16777216",
    "512KiB,524288",
    "10MB,10000000",
    "1GiB,1073741824",
    "1 kb,1000"
  })
  void byteSize_parse(String text, long bytes) {
    assertThat(ByteSize.parse("--max-body-bytes", text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "lots", "-1", "1.5MiB", "99999999999999999999GiB"})
  void byteSize_rejects(String text) {
    assertThatThrownBy(() -> ByteSize.parse("--max-body-bytes", text))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--max-body-bytes");
  }

  @Test
  void byteSize_format() {
    assertThat(ByteSize.format(16L << 20)).isEqualTo("16MiB");
    assertThat(ByteSize.format(1000)).isEqualTo("1000B");
  }
}
