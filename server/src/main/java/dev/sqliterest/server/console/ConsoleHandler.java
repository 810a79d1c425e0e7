package dev.sqliterest.server.console;

import dev.sqliterest.rest.ApiHandler;
import dev.sqliterest.rest.ApiPaths;
import dev.sqliterest.rest.HttpRequestData;
import dev.sqliterest.rest.HttpResponseData;
import dev.sqliterest.rest.error.ApiError;
import java.util.function.Supplier;

/**
 * Answers {@code /_console/…} ({@link ApiPaths.Console}) in front of the API engine, which gets
 * every other request: the page and its files ({@link ConsoleAssets}), and {@code
 * /_console/status}, a JSON document the transport has authenticated like an API request.
 */
public final class ConsoleHandler implements ApiHandler {

  private final ApiHandler api;
  private final ConsoleAssets assets;
  private final Supplier<Object> status;

  /**
   * @param status the status document ({@link dev.sqliterest.rest.response.JsonTree} values)
   */
  public ConsoleHandler(ApiHandler api, ConsoleAssets assets, Supplier<Object> status) {
    this.api = api;
    this.assets = assets;
    this.status = status;
  }

  @Override
  public HttpResponseData handle(HttpRequestData http) {
    if (!(ApiPaths.route(http.path()) instanceof ApiPaths.Console console)) {
      return api.handle(http);
    }
    if (!http.method().equals("GET") && !http.method().equals("HEAD")) {
      return HttpResponseData.error(ApiError.unsupportedMethod(http.method()))
          .withHeader("Allow", "GET, HEAD");
    }
    if (console.needsCaller()) {
      return HttpResponseData.json(200, status.get());
    }
    return assets.response(console.file()).orElseGet(() -> HttpResponseData.error(notFound()));
  }

  private static ApiError notFound() {
    return new ApiError(
        404,
        "PGRST125",
        "Invalid path specified in request URL",
        null,
        "The console is at " + ApiPaths.CONSOLE);
  }

  @Override
  public boolean knowsRelation(String name) {
    return api.knowsRelation(name);
  }
}
