package dev.sqliterest.server.cli;

/** The process exit codes of every command, in one place. */
public final class ExitCodes {

  /** Success, including a graceful shutdown on SIGTERM/SIGINT. */
  public static final int OK = 0;

  /** The command ran and failed: database cannot be opened, port in use, restore failed. */
  public static final int FAILURE = 1;

  /** Bad usage: unknown flag, bad flag value, conflicting flags. Nothing was started. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
