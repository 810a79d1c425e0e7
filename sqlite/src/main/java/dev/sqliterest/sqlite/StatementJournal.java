package dev.sqliterest.sqlite;

/**
 * Where SQLite keeps a write's statement journal: the copies of the pages the write changes that
 * existed before it, kept so that its savepoint (or its failing statement) can be rolled back.
 * SQLite keeps up to 64 KiB in memory and spills the rest to a temporary file, one {@code pwrite}
 * per page; a 1,000-row insert into an indexed table journals a few hundred KiB, and those writes
 * were about a fifth of the writer thread's CPU (docs/PERFORMANCE.md, Write API).
 */
public enum StatementJournal {
  /** SQLite's default ({@code PRAGMA temp_store=DEFAULT}): for writes of any size. */
  FILE,
  /**
   * All in memory ({@code PRAGMA temp_store=MEMORY}): only for a write whose changed pages are
   * bounded by its input (an insert of a bounded number of rows), since the journal can grow to
   * every page the write changes. Ignored while the schema has triggers, which can change any
   * number of pages.
   */
  MEMORY
}
