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
   * Whether this server runs the operator (the full-text ones on columns of FTS5 tables). The array
   * and range operators parse, as PostgREST names them, and are refused when planned (SQLite has no
   * arrays or ranges). The OpenAPI description lists exactly the supported ones.
   */
  public boolean supported() {
    return switch (this) {
      case CS, CD, OV, SL, SR, NXR, NXL, ADJ -> false;
      default -> true;
    };
  }

  /** The full-text operators, whose {@code (…)} modifier names a text search configuration. */
  public boolean fullText() {
    return this == FTS || this == PLFTS || this == PHFTS || this == WFTS;
  }

  /** Whether {@code (any)}/{@code (all)} may follow the operator. */
  public boolean quantifiable() {
    return switch (this) {
      case EQ, NEQ, GT, GTE, LT, LTE, LIKE, ILIKE, MATCH, IMATCH -> true;
      default -> false;
    };
  }
}
