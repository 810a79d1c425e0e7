package dev.sqliterest.server.cli;

import java.io.Console;

/** Whether a person is watching: standard input and output are a terminal. */
final class Terminal {

  private Terminal() {}

  static boolean isInteractive() {
    Console console = System.console(); // JDK 21 and 25: null unless stdin and stdout are terminals
    if (console == null) {
      return false;
    }
    try {
      // JDK 22 to 24 return a console for redirected streams too; Console.isTerminal (22+) tells
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException jdk21) {
      return true;
    }
  }
}
