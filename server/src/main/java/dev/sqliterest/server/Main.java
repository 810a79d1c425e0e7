package dev.sqliterest.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sqlite-rest} executable. */
@Command(
    name = "sqlite-rest",
    mixinStandardHelpOptions = true,
    version = "sqlite-rest 0.1.0-SNAPSHOT",
    description = "Serve a SQLite database over a PostgREST-compatible REST API.")
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
