package dev.sqliterest.server.config;

import java.util.Optional;

/** What a log line looks like. */
public enum LogFormat {
  /** One JSON object per line: for log collectors (containers, journald, files). */
  JSON,
  /** One human-readable line per event, {@code key=value} pairs at the end. */
  TEXT;

  /**
   * The format of a process: the one asked for (flag or environment), else TEXT when standard
   * output is a terminal, where a person reads it, and JSON everywhere else (a pipe, a file, a
   * container's or systemd's log collector), where a program does.
   */
  public static LogFormat choose(Optional<LogFormat> asked, boolean stdoutIsTerminal) {
    return asked.orElse(stdoutIsTerminal ? TEXT : JSON);
  }
}
