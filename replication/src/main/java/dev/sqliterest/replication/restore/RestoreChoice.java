package dev.sqliterest.replication.restore;

/** What a restore will read: an LTX plan (v0.5 layout) or a legacy v0.3 plan. */
public sealed interface RestoreChoice {

  /** Restore from LTX files. */
  record Ltx(RestorePlan plan) implements RestoreChoice {}

  /** Restore from a Litestream v0.3 snapshot and WAL segments. */
  record Legacy(LegacyPlan plan) implements RestoreChoice {}

  /** Replica bytes the restore downloads. */
  default long totalSize() {
    return switch (this) {
      case Ltx l -> l.plan().totalSize();
      case Legacy l -> l.plan().totalSize();
    };
  }

  /** Files the restore downloads. */
  default int fileCount() {
    return switch (this) {
      case Ltx l -> l.plan().files().size();
      case Legacy l -> l.plan().fileCount();
    };
  }
}
