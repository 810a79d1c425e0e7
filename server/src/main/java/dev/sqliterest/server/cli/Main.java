package dev.sqliterest.server.cli;

import dev.sqliterest.server.config.LogSettings;

/** Entry point of the {@code sqlite-rest} executable; see {@link Cli}. */
public final class Main {

  /**
   * Extra carrier threads for virtual threads beyond one per core. SQLite runs in native code
   * (JNI), which pins the virtual thread to its carrier for the whole statement; with one carrier
   * per core, a few long reads (one per pooled reader connection) would leave no carrier to accept
   * or parse other requests. With this many spare carriers, reads pinned on every reader connection
   * still leave one carrier per core free.
   */
  static final int SPARE_CARRIERS = 8;

  private Main() {}

  public static void main(String[] args) {
    // must happen before the first virtual thread exists; an explicit -D setting wins
    if (System.getProperty("jdk.virtualThreadScheduler.parallelism") == null) {
      int carriers = Runtime.getRuntime().availableProcessors() + SPARE_CARRIERS;
      System.setProperty("jdk.virtualThreadScheduler.parallelism", Integer.toString(carriers));
    }
    int code = Cli.execute(args);
    LogSettings.flush();
    System.exit(code);
  }
}
