package dev.sqliterest.rest.sql;

import dev.sqliterest.rest.plan.ReadPlan;

/** Compiles plans into SQL statements. */
public final class SqlCompiler {

  private SqlCompiler() {}

  /** {@code SELECT <outputs> FROM t WHERE … ORDER BY … LIMIT ? OFFSET ?}. */
  public static SqlStatement select(ReadPlan plan) {
    SqlBuilder b = new SqlBuilder().append("SELECT ");
    b.outputs(plan.outputs()).append(" FROM ").ident(plan.table().name());
    b.where(plan.where()).orderBy(plan.order());
    if (plan.limit().isPresent() || plan.offset() > 0) {
      b.append(" LIMIT ").param(plan.limit().isPresent() ? plan.limit().getAsLong() : -1L);
      if (plan.offset() > 0) {
        b.append(" OFFSET ").param(plan.offset());
      }
    }
    return b.build();
  }

  /** {@code SELECT count(*) FROM t WHERE …}: the total for {@code Prefer: count=exact}. */
  public static SqlStatement count(ReadPlan plan) {
    SqlBuilder b = new SqlBuilder().append("SELECT count(*) FROM ").ident(plan.table().name());
    return b.where(plan.where()).build();
  }
}
