/**
 * JWT authentication of API requests (HS256/384/512 secrets and RS256/384/512 PEM keys, re-read
 * when the key file changes). Uses java-jwt and the JDK; knows nothing of HTTP libraries.
 */
package dev.sqliterest.server.auth;
