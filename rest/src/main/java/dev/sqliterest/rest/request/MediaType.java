package dev.sqliterest.rest.request;

import dev.sqliterest.rest.error.ApiError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The response formats the engine can produce, chosen from the {@code Accept} header. */
public enum MediaType {
  JSON("application/json; charset=utf-8"),
  SINGLE_OBJECT("application/vnd.pgrst.object+json; charset=utf-8"),
  CSV("text/csv; charset=utf-8");

  private final String contentType;

  MediaType(String contentType) {
    this.contentType = contentType;
  }

  /** The {@code Content-Type} sent with this format. */
  public String contentType() {
    return contentType;
  }

  /** A chosen format plus the {@code nulls=stripped} parameter. */
  public record Choice(MediaType type, boolean stripNulls) {}

  /**
   * Picks the best format for an {@code Accept} header (absent means JSON); q-values order the
   * candidates, and 406 PGRST107 is thrown when none is available.
   */
  public static Choice negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return new Choice(JSON, false);
    }
    record Candidate(String type, boolean stripNulls, double q, int order) {}
    List<Candidate> candidates = new ArrayList<>();
    String[] parts = accept.split(",");
    for (int i = 0; i < parts.length; i++) {
      String[] params = parts[i].split(";", -1); // -1: ";" alone still has a (blank) type
      String type = params[0].strip().toLowerCase(Locale.ROOT);
      double q = 1;
      boolean strip = false;
      for (int j = 1; j < params.length; j++) {
        String p = params[j].strip().toLowerCase(Locale.ROOT).replace(" ", "");
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        } else if (p.equals("nulls=stripped")) {
          strip = true;
        }
      }
      if (q > 0) {
        candidates.add(new Candidate(type, strip, q, i));
      }
    }
    candidates.sort(
        Comparator.comparingDouble((Candidate c) -> -c.q()).thenComparingInt(Candidate::order));
    for (Candidate c : candidates) {
      MediaType type =
          switch (c.type()) {
            case "application/json", "application/*", "*/*", "application/vnd.pgrst.array+json" ->
                JSON;
            case "application/vnd.pgrst.object+json", "application/vnd.pgrst.object" ->
                SINGLE_OBJECT;
            case "text/csv", "text/*" -> CSV;
            default -> null;
          };
      if (type != null) {
        return new Choice(type, c.stripNulls());
      }
    }
    throw ApiError.notAcceptable(accept).exception();
  }
}
