/**
 * The S3 (and S3-compatible) replica backend on AWS SDK v2 with the Apache 5 HTTP client, using
 * Litestream's key layout {@code <prefix>/<%04x level>/<min>-<max>.ltx}. The only code that talks
 * S3.
 */
package dev.sqliterest.replication.client.s3;
