package dev.sqliterest.rest.grammar;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** PostgREST filter operators, by their query-string token. */
public enum Operator {
  EQ,
  NEQ,
  GT,
  GTE,
  LT,
  LTE,
  LIKE,
  ILIKE,
  MATCH,
  IMATCH,
  IN,
  IS,
  ISDISTINCT,
  FTS,
  PLFTS,
  PHFTS,
  WFTS,
  CS,
  CD,
  OV,
  SL,
  SR,
  NXR,
  NXL,
  ADJ;

  /** sqlite-rest's spellings, accepted beside PostgREST's tokens. */
  public static final Map<String, Operator> ALIASES = Map.of("ge", GTE, "le", LTE);

  /** Looks up a token: one of {@link #token()}s, or an alias. */
  public static Optional<Operator> fromToken(String token) {
    Operator alias = ALIASES.get(token);
    if (alias != null) {
      return Optional.of(alias);
    }
    for (Operator op : values()) {
      if (op.token().equals(token)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether this server runs the operator. The others parse, as PostgREST names them, and are
   * refused when planned with 400 PGRST127 (SQLite has no tsvector, arrays or ranges). The OpenAPI
   * description lists exactly the supported ones.
   */
  public boolean supported() {
    return switch (this) {
      case FTS, PLFTS, PHFTS, WFTS, CS, CD, OV, SL, SR, NXR, NXL, ADJ -> false;
      default -> true;
    };
  }

  /** Whether {@code (any)}/{@code (all)} may follow the operator. */
  public boolean quantifiable() {
    return switch (this) {
      case EQ, NEQ, GT, GTE, LT, LTE, LIKE, ILIKE, MATCH, IMATCH -> true;
      default -> false;
    };
  }
}
