package dev.sqliterest.rest;

import java.util.Objects;

/**
 * Settings of the API engine; validated once, then immutable.
 *
 * @param accessPolicy consulted for every request before any SQL runs
 * @param maxRows cap on rows returned by a read (PostgREST's {@code db-max-rows}); 0 for none
 * @param allowTxOverride honour {@code Prefer: tx=rollback} (PostgREST's {@code
 *     db-tx-end=commit-allow-override})
 * @param maxBodyBytes larger request bodies are refused with 413
 * @param plansEnabled answer {@code Accept: application/vnd.pgrst.plan} with the query plan
 *     (PostgREST's {@code db-plan-enabled}); otherwise that media type is a 406
 * @param aggregatesEnabled allow {@code count()}, {@code sum()}, … in {@code select} (PostgREST's
 *     {@code db-aggregates-enabled}); otherwise they are a 400
 */
public record RestApiOptions(
    AccessPolicy accessPolicy,
    long maxRows,
    boolean allowTxOverride,
    long maxBodyBytes,
    boolean plansEnabled,
    boolean aggregatesEnabled) {

  /** The default request-body limit: 16 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

  public RestApiOptions {
    Objects.requireNonNull(accessPolicy, "accessPolicy");
    if (maxRows < 0) {
      throw new IllegalArgumentException(
          "maxRows must be 0 (unlimited) or positive, got " + maxRows);
    }
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
    }
  }

  /** No row cap, no tx override, 16 MiB bodies, no plans or aggregates, with the given policy. */
  public static RestApiOptions defaults(AccessPolicy accessPolicy) {
    return new RestApiOptions(accessPolicy, 0, false, DEFAULT_MAX_BODY_BYTES, false, false);
  }

  public RestApiOptions withMaxRows(long value) {
    return new RestApiOptions(
        accessPolicy, value, allowTxOverride, maxBodyBytes, plansEnabled, aggregatesEnabled);
  }

  public RestApiOptions withAllowTxOverride(boolean value) {
    return new RestApiOptions(
        accessPolicy, maxRows, value, maxBodyBytes, plansEnabled, aggregatesEnabled);
  }

  public RestApiOptions withMaxBodyBytes(long value) {
    return new RestApiOptions(
        accessPolicy, maxRows, allowTxOverride, value, plansEnabled, aggregatesEnabled);
  }

  public RestApiOptions withPlansEnabled(boolean value) {
    return new RestApiOptions(
        accessPolicy, maxRows, allowTxOverride, maxBodyBytes, value, aggregatesEnabled);
  }

  public RestApiOptions withAggregatesEnabled(boolean value) {
    return new RestApiOptions(
        accessPolicy, maxRows, allowTxOverride, maxBodyBytes, plansEnabled, value);
  }
}
