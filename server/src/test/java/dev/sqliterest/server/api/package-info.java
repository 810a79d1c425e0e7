/** Black-box tests of the real server (App + RestApi) over HTTP on 127.0.0.1, port 0. */
package dev.sqliterest.server.api;
