package dev.sqliterest.server.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A path into the JWT claims that selects the role: dot-separated keys with optional array indexes,
 * optionally prefixed with {@code $.} as in PostgREST's {@code jwt-role-claim-key} ({@code role},
 * {@code $.app_metadata.role}, {@code realm_access.roles[0]}).
 */
record ClaimPath(String text, List<Object> steps) {

  static ClaimPath parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("role claim path must not be blank");
    }
    String rest =
        text.startsWith("$.") ? text.substring(2) : text.startsWith(".") ? text.substring(1) : text;
    List<Object> steps = new ArrayList<>();
    for (String segment : rest.split("\\.", -1)) {
      int bracket = segment.indexOf('[');
      String key = bracket < 0 ? segment : segment.substring(0, bracket);
      if (key.isEmpty()) {
        throw new IllegalArgumentException("role claim path \"" + text + "\": empty key");
      }
      steps.add(key);
      while (bracket >= 0) {
        int close = segment.indexOf(']', bracket);
        if (close < 0) {
          throw new IllegalArgumentException("role claim path \"" + text + "\": missing ']'");
        }
        try {
          steps.add(Integer.parseInt(segment.substring(bracket + 1, close)));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "role claim path \"" + text + "\": array index must be a number", e);
        }
        bracket = close + 1 < segment.length() ? close + 1 : -1;
        if (bracket >= 0 && segment.charAt(bracket) != '[') {
          throw new IllegalArgumentException("role claim path \"" + text + "\": junk after ']'");
        }
      }
    }
    return new ClaimPath(text, List.copyOf(steps));
  }

  /** The value at this path, empty when any step is missing or null. */
  Optional<Object> find(Map<String, Object> claims) {
    Object current = claims;
    for (Object step : steps) {
      if (step instanceof String key && current instanceof Map<?, ?> map) {
        current = map.get(key);
      } else if (step instanceof Integer index && current instanceof List<?> list) {
        current = index >= 0 && index < list.size() ? list.get(index) : null;
      } else {
        return Optional.empty();
      }
      if (current == null) {
        return Optional.empty();
      }
    }
    return Optional.of(current);
  }
}
