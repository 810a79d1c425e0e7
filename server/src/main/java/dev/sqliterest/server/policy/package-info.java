/**
 * Role-based access policy from {@code --security-policy-file} (YAML): which role may read, insert,
 * update or delete which table, optionally limited to columns. Uses the rest contract and
 * snakeyaml.
 */
package dev.sqliterest.server.policy;
