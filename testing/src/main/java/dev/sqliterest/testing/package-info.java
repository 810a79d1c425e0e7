/**
 * Fixtures shared by the tests of every module (test scope only): {@link
 * dev.sqliterest.testing.RepoRoot}, the official tools of the interop suites ({@link
 * dev.sqliterest.testing.OfficialTools}) and an in-process S3 server ({@link
 * dev.sqliterest.testing.InProcessS3}).
 */
package dev.sqliterest.testing;
