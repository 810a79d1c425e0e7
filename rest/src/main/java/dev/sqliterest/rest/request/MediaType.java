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

  /** How an execution plan is written ({@code application/vnd.pgrst.plan[+text|+json]}). */
  public enum PlanFormat {
    TEXT,
    JSON;

    /** The {@code Content-Type} of a plan of a request for {@code data}, as PostgREST names it. */
    public String contentType(MediaType data) {
      String mime = data.contentType().substring(0, data.contentType().indexOf(';'));
      return "application/vnd.pgrst.plan+"
          + name().toLowerCase(Locale.ROOT)
          + "; for=\""
          + mime
          + "\"; charset=utf-8";
    }
  }

  /**
   * A chosen format plus the {@code nulls=stripped} parameter.
   *
   * @param plan when the client asked for the execution plan instead of the rows (then {@code type}
   *     is the format the plan is for, its {@code for} parameter); null otherwise
   */
  public record Choice(MediaType type, boolean stripNulls, PlanFormat plan) {
    public Choice(MediaType type, boolean stripNulls) {
      this(type, stripNulls, null);
    }
  }

  /**
   * Picks the best format for an {@code Accept} header (absent means JSON); q-values order the
   * candidates, and 406 PGRST107 is thrown when none is available.
   *
   * @param plans whether execution plans ({@code application/vnd.pgrst.plan}) may be chosen; when
   *     not, they are unavailable media types, as in PostgREST without {@code db-plan-enabled}
   */
  public static Choice negotiate(String accept, boolean plans) {
    if (accept == null || accept.isBlank()) {
      return new Choice(JSON, false);
    }
    record Candidate(String type, boolean stripNulls, double q, int order, String planFor) {}
    List<Candidate> candidates = new ArrayList<>();
    String[] parts = accept.split(",");
    for (int i = 0; i < parts.length; i++) {
      String[] params = parts[i].split(";", -1); // -1: ";" alone still has a (blank) type
      String type = params[0].strip().toLowerCase(Locale.ROOT);
      double q = 1;
      boolean strip = false;
      String planFor = "application/json";
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
        } else if (p.startsWith("for=")) {
          planFor = p.substring(4).replace("\"", "");
        }
      }
      if (q > 0) {
        candidates.add(new Candidate(type, strip, q, i, planFor));
      }
    }
    candidates.sort(
        Comparator.comparingDouble((Candidate c) -> -c.q()).thenComparingInt(Candidate::order));
    for (Candidate c : candidates) {
      PlanFormat plan =
          switch (c.type()) {
            case "application/vnd.pgrst.plan", "application/vnd.pgrst.plan+text" -> PlanFormat.TEXT;
            case "application/vnd.pgrst.plan+json" -> PlanFormat.JSON;
            default -> null;
          };
      if (plan != null) {
        MediaType planned = plans ? dataType(c.planFor()) : null;
        if (planned != null) {
          return new Choice(planned, false, plan);
        }
        continue;
      }
      MediaType type = dataType(c.type());
      if (type != null) {
        return new Choice(type, c.stripNulls());
      }
    }
    throw ApiError.notAcceptable(accept).exception();
  }

  /** The data format a media type names, or null. */
  private static MediaType dataType(String mime) {
    return switch (mime) {
      case "application/json", "application/*", "*/*", "application/vnd.pgrst.array+json" -> JSON;
      case "application/vnd.pgrst.object+json", "application/vnd.pgrst.object" -> SINGLE_OBJECT;
      case "text/csv", "text/*" -> CSV;
      default -> null;
    };
  }
}
