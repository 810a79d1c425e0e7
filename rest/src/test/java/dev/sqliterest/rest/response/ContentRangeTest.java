package dev.sqliterest.rest.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ContentRangeTest {

  @ParameterizedTest
  @CsvSource({
    "0,10,-1,0-9/*,200",
    "0,0,-1,*/*,200",
    "0,0,0,*/0,200",
    "3,3,10,3-5/10,206",
    "0,10,10,0-9/10,200",
    "10,0,10,*/10,206",
    "11,0,10,*/10,416",
  })
  void headerAndStatus_followPostgrest(
      long offset, long rows, long total, String header, int status) {
    OptionalLong t = total < 0 ? OptionalLong.empty() : OptionalLong.of(total);
    assertThat(ContentRange.header(offset, rows, t)).isEqualTo(header);
    assertThat(ContentRange.status(offset, rows, t)).isEqualTo(status);
  }
}
