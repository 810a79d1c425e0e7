package dev.sqliterest.rest.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON bodies parse into rows that read like ordered maps, whatever their shapes. */
final class PayloadReaderTest {

  private static Payload json(String body) {
    return PayloadReader.json(body.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  @Test
  void rowsOfOneShape_readAsMapsWithTheirOwnValues_inBodyOrder() {
    Payload p =
        json("[{\"a\":1,\"b\":\"x\",\"c\":null},{\"a\":2,\"b\":\"y\",\"c\":true},{\"a\":3.5}]");
    assertThat(p.rows())
        .containsExactly(
            ordered("a", 1L, "b", "x", "c", null),
            ordered("a", 2L, "b", "y", "c", 1),
            ordered("a", 3.5));
    Map<String, Object> first = p.rows().getFirst();
    assertThat(first.keySet()).containsExactly("a", "b", "c");
    assertThat(first.entrySet()).extracting(Map.Entry::getKey).containsExactly("a", "b", "c");
    assertThat(first.containsKey("c")).isTrue();
    assertThat(first.get("c")).isNull();
    assertThat(first.containsKey("d")).isFalse();
    assertThat(first.get("d")).isNull();
    assertThat(first).hasSize(3).isEqualTo(ordered("a", 1L, "b", "x", "c", null));
    assertThat(p.keys()).containsExactly("a", "b", "c");
    assertThat(p.uniformKeys()).isFalse();
  }

  @Test
  void sameKeysInAnotherOrder_areTheSameKeys_andKeepTheirOwnOrder() {
    Payload p = json("[{\"a\":1,\"b\":2},{\"b\":3,\"a\":4}]");
    assertThat(p.uniformKeys()).isTrue();
    assertThat(p.rows().get(1).keySet()).containsExactly("b", "a");
    assertThat(p.rows().get(1)).isEqualTo(Map.of("a", 4L, "b", 3L));
  }

  @Test
  void aKeyGivenTwice_keepsItsFirstPlace_andTheLastValue() {
    Payload p = json("[{\"a\":1,\"b\":2,\"a\":3},{\"a\":1,\"b\":2}]");
    assertThat(p.rows().getFirst().keySet()).containsExactly("a", "b");
    assertThat(p.rows().getFirst()).isEqualTo(Map.of("a", 3L, "b", 2L));
    assertThat(p.rows().get(1)).isEqualTo(Map.of("a", 1L, "b", 2L));
    assertThat(p.uniformKeys()).isTrue();
  }

  @Test
  void rowsAreReadOnly() {
    Map<String, Object> row = json("{\"a\":1}").rows().getFirst();
    assertThatThrownBy(() -> row.put("a", 2L)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> row.keySet().remove("a"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(row).isEqualTo(Map.of("a", 1L));
  }

  @Test
  void emptyObjects_andNestedValues() {
    Payload p = json("[{}, {\"j\":{\"k\":[1,2]}}]");
    assertThat(p.rows()).containsExactly(Map.of(), Map.of("j", "{\"k\":[1,2]}"));
    assertThat(List.copyOf(p.keys())).containsExactly("j");
  }
}
