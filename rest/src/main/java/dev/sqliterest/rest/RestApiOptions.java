package dev.sqliterest.rest;

import java.util.Objects;

/**
 * Settings of the API engine; validated once, then immutable.
 *
 * @param accessPolicy consulted for every request before any SQL runs
 * @param maxRows cap on rows returned by a read (PostgREST's {@code db-max-rows}); 0 for none
 * @param allowTxOverride honour {@code Prefer: tx=rollback} (PostgREST's {@code
 *     db-tx-end=commit-allow-override})
 * @param plansEnabled answer {@code Accept: application/vnd.pgrst.plan} with the query plan
 *     (PostgREST's {@code db-plan-enabled}); otherwise that media type is a 406
 * @param aggregatesEnabled allow {@code count()}, {@code sum()}, … in {@code select} (PostgREST's
 *     {@code db-aggregates-enabled}); otherwise they are a 400
 * @param bearerAuth the OpenAPI description declares bearer-token (JWT) security
 * @param durability when a committed write is acknowledged ({@link Durability#LOCAL}: on commit)
 *     <p>The request-body limit is the transport's: it must refuse a body before reading it.
 */
public record RestApiOptions(
    AccessPolicy accessPolicy,
    long maxRows,
    boolean allowTxOverride,
    boolean plansEnabled,
    boolean aggregatesEnabled,
    boolean bearerAuth,
    Durability durability) {

  public RestApiOptions {
    Objects.requireNonNull(accessPolicy, "accessPolicy");
    Objects.requireNonNull(durability, "durability");
    if (maxRows < 0) {
      throw new IllegalArgumentException(
          "maxRows must be 0 (unlimited) or positive, got " + maxRows);
    }
  }

  /**
   * No row cap, no tx override, no plans or aggregates, bearer tokens, acknowledged on commit, with
   * the given policy.
   */
  public static RestApiOptions defaults(AccessPolicy accessPolicy) {
    return new RestApiOptions(accessPolicy, 0, false, false, false, true, Durability.LOCAL);
  }

  public RestApiOptions withMaxRows(long value) {
    return new RestApiOptions(
        accessPolicy,
        value,
        allowTxOverride,
        plansEnabled,
        aggregatesEnabled,
        bearerAuth,
        durability);
  }

  public RestApiOptions withAllowTxOverride(boolean value) {
    return new RestApiOptions(
        accessPolicy, maxRows, value, plansEnabled, aggregatesEnabled, bearerAuth, durability);
  }

  public RestApiOptions withPlansEnabled(boolean value) {
    return new RestApiOptions(
        accessPolicy, maxRows, allowTxOverride, value, aggregatesEnabled, bearerAuth, durability);
  }

  public RestApiOptions withAggregatesEnabled(boolean value) {
    return new RestApiOptions(
        accessPolicy, maxRows, allowTxOverride, plansEnabled, value, bearerAuth, durability);
  }

  public RestApiOptions withBearerAuth(boolean value) {
    return new RestApiOptions(
        accessPolicy, maxRows, allowTxOverride, plansEnabled, aggregatesEnabled, value, durability);
  }

  public RestApiOptions withDurability(Durability value) {
    return new RestApiOptions(
        accessPolicy, maxRows, allowTxOverride, plansEnabled, aggregatesEnabled, bearerAuth, value);
  }
}
