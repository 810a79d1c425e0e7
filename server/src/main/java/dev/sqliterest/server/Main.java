package dev.sqliterest.server;

import dev.sqliterest.server.cli.Cli;

/** Entry point of the {@code sqlite-rest} executable; see {@link Cli}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(Cli.execute(args));
  }
}
