/**
 * Test support for interop tests: the official Litestream binaries and system tools (JDK, JUnit,
 * AssertJ only).
 */
package dev.sqliterest.replication.interop;
