/**
 * The {@code --debug-addr} server (sqlite-rest's {@code --pprof-addr}): thread dumps and JFR
 * recordings over HTTP for diagnosing a live process. JDK only ({@code com.sun.net.httpserver},
 * JFR).
 */
package dev.sqliterest.server.debug;
