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

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "POST|*/*|application/json|[{\"a\":\"x,]\\\"\"},{\"a\":[1,2]}]|2",
        "POST|*/*|application/json|[]|0",
        "POST|*/*|application/vnd.pgrst.object+json|{\"a\":1}|1",
        "POST|*/*|text/csv|'a,b\n1,\"x\ny\"\n2,3\n'|2",
        "POST|*/3||''|3",
        "DELETE|0-1/2||''|2",
        "PATCH|0-2/*|application/json|[1,2,3]|3",
        "GET|*/5|application/json|[]|0"
      })
  void rows_writesCountAffectedOrReturnedRows(
      String method, String range, String type, String body, long rows) {
    java.util.Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
    headers.put("Content-Range", List.of(range));
    if (type != null) {
      headers.put("Content-Type", List.of(type));
    }
    HttpResponseData response =
        new HttpResponseData(
            200,
            headers,
            body.replace("\\n", "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(ApiHttpHandler.rows(method, response)).hasValue(rows);
  }

  @org.junit.jupiter.api.Test
  void rows_insertWithReturnMinimal_isUnknown() {
    HttpResponseData response =
        new HttpResponseData(201, Map.of("Content-Range", List.of("*/*")), new byte[0]);

    assertThat(ApiHttpHandler.rows("POST", response)).isEqualTo(OptionalLong.empty());
  }
}
