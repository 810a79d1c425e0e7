package dev.sqliterest.rest.grammar;

import java.util.Locale;
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

  /** Looks up a token; {@code ge}/{@code le} are accepted as sqlite-rest's spellings. */
  public static Optional<Operator> fromToken(String token) {
    return switch (token) {
      case "ge" -> Optional.of(GTE);
      case "le" -> Optional.of(LTE);
      default -> {
        for (Operator op : values()) {
          if (op.token().equals(token)) {
            yield Optional.of(op);
          }
        }
        yield Optional.empty();
      }
    };
  }

  public String token() {
    return name().toLowerCase(Locale.ROOT);
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
