package dev.sqliterest.rest.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sqliterest.rest.error.ApiException;
import dev.sqliterest.rest.grammar.Condition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class RequestReaderTest {

  private static ApiRequest read(
      ApiRequest.Method method, String query, Map<String, List<String>> headers, String body) {
    Function<String, List<String>> h = name -> headers.getOrDefault(name, List.of());
    return RequestReader.read(method, "t", query, h, body.getBytes(StandardCharsets.UTF_8), false);
  }

  private static ApiRequest get(String query, Map<String, List<String>> headers) {
    return read(ApiRequest.Method.GET, query, headers, "");
  }

  private static int status(Runnable r) {
    try {
      r.run();
      return 0;
    } catch (ApiException e) {
      return e.error().status();
    }
  }

  @Test
  void queryString_decodesPercentAndPlus() {
    assertThat(QueryString.parse("a=%E4%B8%AD+b&c=&d"))
        .extracting(Map.Entry::getKey, Map.Entry::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", "中 b"),
            org.assertj.core.groups.Tuple.tuple("c", ""),
            org.assertj.core.groups.Tuple.tuple("d", ""));
    assertThatThrownBy(() -> QueryString.parse("a=%G1")).isInstanceOf(ApiException.class);
  }

  @Test
  void acceptOrContentTypeOfOnlyParameters_isAClientErrorOrJson() {
    // found by RestApiFuzzTest: ";" split to no type at all and failed with an index error (500)
    assertThat(status(() -> get("", Map.of("accept", List.of(";"))))).isEqualTo(406);
    ApiRequest post =
        read(ApiRequest.Method.POST, "", Map.of("content-type", List.of(";")), "{\"a\":1}");
    assertThat(post.payload()).isNotNull();
  }

  @Test
  void reservedKeysAndFilters() {
    ApiRequest r =
        get(
            "select=id&order=id.desc&limit=5&offset=2&id=gt.1&or=(a.eq.1,b.eq.2)&not.and=(c.eq.3)",
            Map.of());
    assertThat(r.select()).hasSize(1);
    assertThat(r.order()).hasSize(1);
    assertThat(r.offset()).isEqualTo(2);
    assertThat(r.limit()).hasValue(5);
    assertThat(r.filters()).hasSize(3);
    assertThat(((Condition.Logic) r.filters().get(2)).negated()).isTrue();
  }

  @Test
  void columnsAndOnConflict_acceptQuotedNames() {
    ApiRequest r =
        read(ApiRequest.Method.POST, "columns=%22a%22,%22b%22&on_conflict=a,b", Map.of(), "{}");
    assertThat(r.columns()).containsExactly("a", "b");
    assertThat(r.onConflict()).containsExactly("a", "b");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|0-9|0|10",
        "''|5-|5|-1",
        "offset=2&limit=3|0-9|2|3",
        "offset=8|0-9|8|2",
        "limit=4|2-|2|2",
        "''|items=3-4|3|2",
        "''|junk|0|-1",
        "''|1-x|0|-1",
      })
  void rangeHeader_intersectsLimitOffset(String query, String range, long offset, long limit) {
    ApiRequest r = get(query, Map.of("range", List.of(range)));
    assertThat(r.offset()).isEqualTo(offset);
    assertThat(r.limit().isPresent() ? r.limit().getAsLong() : -1).isEqualTo(limit);
  }

  @Test
  void rangeHeader_ignoredOnWritesAndInvertedIs416() {
    ApiRequest r = read(ApiRequest.Method.DELETE, "", Map.of("range", List.of("0-1")), "");
    assertThat(r.limit()).isEmpty();
    assertThat(status(() -> get("", Map.of("range", List.of("5-3"))))).isEqualTo(416);
    assertThat(status(() -> get("offset=-1", Map.of()))).isEqualTo(416);
  }

  @Test
  void preferences_mergedFirstWins() {
    Preferences p =
        Preferences.parse(
            List.of(
                "return=representation,count=exact",
                "return=minimal, resolution=merge-duplicates",
                "missing=default,tx=rollback,max-affected=5,handling=strict,timezone=UTC"));
    assertThat(p.returning()).isEqualTo(Preferences.ReturnPreference.REPRESENTATION);
    assertThat(p.count()).isEqualTo(Preferences.Count.EXACT);
    assertThat(p.resolution()).isEqualTo(Preferences.Resolution.MERGE_DUPLICATES);
    assertThat(p.missingDefault()).isTrue();
    assertThat(p.tx()).isEqualTo(Preferences.Tx.ROLLBACK);
    assertThat(p.maxAffected()).hasValue(5);
    assertThat(p.strict()).isTrue();
    assertThat(p.invalid()).isEmpty();
    assertThat(Preferences.parse(List.of("count=bogus, frobnicate")).invalid())
        .containsExactly("count=bogus", "frobnicate");
  }

  @Test
  void strictHandling_rejectsInvalidPreferences() {
    assertThat(status(() -> get("", Map.of("prefer", List.of("handling=strict, nope=1")))))
        .isEqualTo(400);
    assertThat(status(() -> get("", Map.of("prefer", List.of("nope=1"))))).isEqualTo(0);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|JSON|false",
        "*/*|JSON|false",
        "application/json|JSON|false",
        "text/csv|CSV|false",
        "application/vnd.pgrst.object+json|SINGLE_OBJECT|false",
        "application/vnd.pgrst.object+json;nulls=stripped|SINGLE_OBJECT|true",
        "text/html;q=0.9, text/csv;q=0.5, application/json;q=0.8|JSON|false",
        "text/csv;q=0.1, application/xml|CSV|false",
      })
  void mediaType_negotiation(String accept, MediaType type, boolean strip) {
    MediaType.Choice c = MediaType.negotiate(accept, false);
    assertThat(c.type()).isEqualTo(type);
    assertThat(c.stripNulls()).isEqualTo(strip);
  }

  @Test
  void mediaType_unavailable406() {
    assertThatThrownBy(() -> MediaType.negotiate("application/xml, text/html", false))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.error().code()).isEqualTo("PGRST107"));
  }

  @Test
  void jsonPayload_typesAndKeys() {
    Payload p =
        PayloadReader.read(
            "application/json; charset=utf-8",
            "[{\"a\":1,\"b\":true,\"c\":null,\"d\":1.5,\"e\":\"x\",\"f\":{\"g\":[1]},\"h\":123456789012345678901234567890},{\"a\":2}]"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(p.array()).isTrue();
    assertThat(p.uniformKeys()).isFalse();
    assertThat(p.keys()).containsExactly("a", "b", "c", "d", "e", "f", "h");
    Map<String, Object> row = p.rows().getFirst();
    assertThat(row.get("a")).isEqualTo(1L);
    assertThat(row.get("b")).isEqualTo(1);
    assertThat(row.get("c")).isNull();
    assertThat(row.get("d")).isEqualTo(1.5);
    assertThat(row.get("f")).isEqualTo("{\"g\":[1]}");
    assertThat(row.get("h")).isEqualTo("123456789012345678901234567890");
  }

  @Test
  void jsonPayload_malformedReportsByteOffset() {
    assertThatThrownBy(() -> PayloadReader.read(null, "{\"a\":}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo("PGRST102");
              assertThat(e.error().details()).contains("at byte 5");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  \n "})
  void jsonPayload_emptyBody_saysSoWithoutAPosition(String body) {
    assertThatThrownBy(() -> PayloadReader.read(null, body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.error().status()).isEqualTo(400);
              assertThat(e.error().details())
                  .isEqualTo("the request body is empty; send a JSON object or an array of objects")
                  .doesNotContain("-1");
            });
  }

  @Test
  void jsonPayload_malformedOnLaterLine_reportsByteLineAndColumn() {
    byte[] body = "[{\"a\":1},\n {\"a\":}]".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> PayloadReader.read("application/json", body))
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.error().details())
                    .startsWith("malformed JSON at byte 16 (line 2, column 7): "));
  }

  @Test
  void csvPayload_quotesNullsAndCrlf() {
    Payload p =
        PayloadReader.read(
            "text/csv",
            "a,b\r\n\"x,\"\"y\"\"\",NULL\r\n\"NULL\",\r\n".getBytes(StandardCharsets.UTF_8));
    assertThat(p.rows()).hasSize(2);
    assertThat(p.rows().get(0).get("a")).isEqualTo("x,\"y\"");
    assertThat(p.rows().get(0).get("b")).isNull();
    assertThat(p.rows().get(1).get("a")).isEqualTo("NULL");
    assertThat(p.rows().get(1).get("b")).isEqualTo("");
  }

  @Test
  void unsupportedContentType_415() {
    assertThatThrownBy(() -> PayloadReader.read("application/xml", new byte[0]))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.error().status()).isEqualTo(415));
  }
}
