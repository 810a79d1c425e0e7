/**
 * JMH benchmarks, each measuring its subject against a baseline in the same run (raw LZ4, plain
 * file reads, the JDK's CRC32C). May use every project module; nothing depends on it.
 */
package dev.sqliterest.bench;
