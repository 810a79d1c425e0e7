package dev.sqliterest.server.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/**
 * The global {@code --log-level} and {@code --log-devel} flags, applied to logback.
 *
 * <p>sqlite-rest's {@code --log-level} is a verbosity (zap level = -N; "use 8 or more for verbose
 * log"), so a higher number logs more. It maps onto logback levels as: N &le; -2 ERROR, -1 WARN,
 * 0..7 INFO (the default 5 included), 8..9 DEBUG, N &ge; 10 TRACE. Third-party libraries (Jetty)
 * stay at WARN below 10 and follow the level from there. {@code --log-devel} switches from one JSON
 * object per line to a human-readable line format.
 *
 * <p>The settings travel to {@code logback.xml} as system properties ({@code sqliterest.log.*});
 * when logback was already initialised, it is reconfigured so that the values take effect.
 */
public record LogSettings(int level, boolean devel) {

  public static final int DEFAULT_LEVEL = 5;

  /** The logback level name for this verbosity. */
  public String logbackLevel() {
    if (level <= -2) {
      return "ERROR";
    }
    if (level == -1) {
      return "WARN";
    }
    if (level <= 7) {
      return "INFO";
    }
    return level <= 9 ? "DEBUG" : "TRACE";
  }

  /** The level for third-party libraries: quiet unless the user asked for everything. */
  public String libraryLevel() {
    return level >= 10 ? "DEBUG" : "WARN";
  }

  /**
   * Applies the settings to logback. Cheap when logback initialises for the first time here (the
   * normal case: the CLI applies them before anything logs); otherwise logback is reconfigured.
   */
  public void apply() {
    String format = devel ? "DEVEL" : "JSON";
    System.setProperty("sqliterest.log.level", logbackLevel());
    System.setProperty("sqliterest.log.libraryLevel", libraryLevel());
    System.setProperty("sqliterest.log.format", format);
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && !matches(context, format)) {
      context.reset();
      try {
        new ContextInitializer(context).autoConfig();
      } catch (JoranException e) {
        throw new IllegalStateException("reconfigure logback from logback.xml", e);
      }
    }
  }

  private boolean matches(LoggerContext context, String format) {
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Level jetty = context.getLogger("org.eclipse.jetty").getLevel();
    return root.getAppender(format + "_ASYNC") != null
        && root.getLevel() != null
        && root.getLevel().toString().equals(logbackLevel())
        && jetty != null
        && jetty.toString().equals(libraryLevel());
  }

  /**
   * Writes out every queued log line (the appenders are asynchronous) and stops logging. Call it
   * once, right before the process exits.
   */
  public static void flush() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
