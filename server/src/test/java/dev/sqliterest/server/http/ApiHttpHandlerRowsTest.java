package dev.sqliterest.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sqliterest.rest.HttpResponseData;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ApiHttpHandlerRowsTest {

  @ParameterizedTest
  @CsvSource({"0-9/*,10", "0-9/100,10", "*/0,0", "*/*,0", "5-5/6,1", "3-5/10,3"})
  void rows_fromContentRange(String range, long rows) {
    HttpResponseData response =
        new HttpResponseData(200, Map.of("content-range", List.of(range)), new byte[0]);

    assertThat(ApiHttpHandler.rows(response)).hasValue(rows);
  }

  @ParameterizedTest
  @CsvSource({"7-/*", "garbage", "a-b/*"})
  void rows_unknownForOpenOrMalformedRanges(String range) {
    HttpResponseData response =
        new HttpResponseData(200, Map.of("Content-Range", List.of(range)), new byte[0]);

    assertThat(ApiHttpHandler.rows(response)).isEqualTo(OptionalLong.empty());
  }
}
