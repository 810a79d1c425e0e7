package dev.sqliterest.server.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/**
 * The global log flags, applied to logback.
 *
 * <p>sqlite-rest's {@code --log-level} is a verbosity (zap level = -N; "use 8 or more for verbose
 * log"), so a higher number logs more. It maps onto logback levels as: N &le; -2 ERROR, -1 WARN,
 * 0..7 INFO (the default 5 included), 8..9 DEBUG, N &ge; 10 TRACE. Third-party libraries (Jetty)
 * stay at WARN below 10 and follow the level from there.
 *
 * <p>{@code requestsOnly} is the demo's default: sqlite-rest's own events at WARN except the one
 * line per request, so that the demo's instructions stay on screen. {@code color} (a terminal)
 * highlights the level and logger of {@link LogFormat#TEXT} lines.
 *
 * <p>The settings travel to {@link LogbackSetup} as system properties ({@code sqliterest.log.*});
 * when logback was already initialised, it is reconfigured so that the values take effect.
 */
public record LogSettings(int level, LogFormat format, boolean color, boolean requestsOnly) {

  public static final int DEFAULT_LEVEL = 5;

  /** The access log's logger: one line per API request. */
  public static final String ACCESS_LOGGER = "sqliterest.access";

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

  /** The level of sqlite-rest's own loggers other than the access log. */
  public String rootLevel() {
    return requestsOnly ? "WARN" : logbackLevel();
  }

  /** The level of the access log. */
  public String accessLevel() {
    return requestsOnly ? "INFO" : logbackLevel();
  }

  /** The level for third-party libraries: quiet unless the user asked for everything. */
  public String libraryLevel() {
    return level >= 10 ? "DEBUG" : "WARN";
  }

  /** The appender of {@link LogbackSetup} that writes this format. */
  public String appender() {
    return switch (format) {
      case JSON -> "JSON";
      case TEXT -> color ? "TEXT_COLOR" : "TEXT";
    };
  }

  /**
   * Applies the settings to logback. Logback reads them when it configures itself, at the first log
   * line; when it was configured already, it is reconfigured here. Nothing else starts it: a
   * command that never logs (a restore from a file replica) skips its configuration, about 0.1 s of
   * CPU (docs/PERFORMANCE.md, Restore).
   */
  public void apply() {
    System.setProperty("sqliterest.log.level", rootLevel());
    System.setProperty("sqliterest.log.accessLevel", accessLevel());
    System.setProperty("sqliterest.log.libraryLevel", libraryLevel());
    System.setProperty("sqliterest.log.format", appender());
    if (configured()
        && LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && !matches(context)) {
      context.reset();
      try {
        new ContextInitializer(context).autoConfig();
      } catch (JoranException e) {
        throw new IllegalStateException("reconfigure logback", e);
      }
    }
  }

  /** Whether logback configured itself in this JVM through {@link LogbackSetup} (it sets this). */
  private static boolean configured() {
    return Boolean.getBoolean("sqliterest.log.configured");
  }

  private boolean matches(LoggerContext context) {
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    return root.getAppender(appender() + "_ASYNC") != null
        && hasLevel(root, rootLevel())
        && hasLevel(context.getLogger(ACCESS_LOGGER), accessLevel())
        && hasLevel(context.getLogger("org.eclipse.jetty"), libraryLevel());
  }

  private static boolean hasLevel(Logger logger, String level) {
    Level set = logger.getLevel();
    return set != null && set.toString().equals(level);
  }

  /**
   * Writes out every queued log line (the appenders are asynchronous) and stops logging. Call it
   * once, right before the process exits.
   */
  public static void flush() {
    if (configured() && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
