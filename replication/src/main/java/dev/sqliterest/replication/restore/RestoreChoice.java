package dev.sqliterest.replication.restore;

/** What a restore will read: an LTX plan (v0.5 layout) or a legacy v0.3 plan. */
public sealed interface RestoreChoice {

  /** Replica bytes the restore downloads. */
  long totalSize();

  /** Files the restore downloads. */
  int fileCount();

  /** Restore from LTX files. */
  record Ltx(RestorePlan plan) implements RestoreChoice {
    @Override
    public long totalSize() {
      return plan.totalSize();
    }

    @Override
    public int fileCount() {
      return plan.files().size();
    }
  }

  /** Restore from a Litestream v0.3 snapshot and WAL segments. */
  record Legacy(LegacyPlan plan) implements RestoreChoice {
    @Override
    public long totalSize() {
      return plan.totalSize();
    }

    @Override
    public int fileCount() {
      return plan.fileCount();
    }
  }
}
