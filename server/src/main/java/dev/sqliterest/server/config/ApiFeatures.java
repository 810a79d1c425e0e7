package dev.sqliterest.server.config;

/**
 * PostgREST features that are off unless asked for, as in PostgREST: both let one request make the
 * server do more work, or show more of the schema, than reading rows does.
 *
 * @param plans {@code --plans-enabled}: {@code Accept: application/vnd.pgrst.plan} answers the
 *     query plan (PostgREST's {@code db-plan-enabled})
 * @param aggregates {@code --aggregates-enabled}: {@code count()}, {@code sum()}, … in {@code
 *     select} (PostgREST's {@code db-aggregates-enabled})
 */
public record ApiFeatures(boolean plans, boolean aggregates) {

  /** Both off: the default. */
  public static final ApiFeatures NONE = new ApiFeatures(false, false);
}
