package dev.sqliterest.rest.request;

import dev.sqliterest.rest.grammar.Condition;
import dev.sqliterest.rest.grammar.OrderTerm;
import dev.sqliterest.rest.grammar.SelectItem;
import java.util.List;
import java.util.OptionalLong;

/**
 * One parsed API request, independent of HTTP library and database.
 *
 * @param method what the request does
 * @param table the table or view named in the path
 * @param select the {@code select=} items ({@code *} when absent)
 * @param filters top-level filters and logic trees, ANDed
 * @param order {@code order=} terms
 * @param offset first row wanted (from {@code offset}, {@code Range} combined)
 * @param limit number of rows wanted, empty for unbounded
 * @param preferences the {@code Prefer} headers
 * @param accept the negotiated response format
 * @param columns the {@code columns=} parameter, or null
 * @param onConflict the {@code on_conflict=} columns, or null
 * @param payload the parsed body for POST/PATCH/PUT, or null
 * @param embedQueries filters, order and windows aimed at embedded resources
 */
public record ApiRequest(
    Method method,
    String table,
    List<SelectItem> select,
    List<Condition> filters,
    List<OrderTerm> order,
    long offset,
    OptionalLong limit,
    Preferences preferences,
    MediaType.Choice accept,
    List<String> columns,
    List<String> onConflict,
    Payload payload,
    List<EmbedQuery> embedQueries) {

  /** The HTTP methods the API serves on a table path. */
  public enum Method {
    GET,
    HEAD,
    POST,
    PATCH,
    PUT,
    DELETE;

    public boolean isRead() {
      return this == GET || this == HEAD;
    }
  }

  public ApiRequest {
    select = List.copyOf(select);
    filters = List.copyOf(filters);
    order = List.copyOf(order);
    columns = columns == null ? null : List.copyOf(columns);
    onConflict = onConflict == null ? null : List.copyOf(onConflict);
    embedQueries = List.copyOf(embedQueries);
  }

  /** Whether a response body with rows is wanted (reads, or writes with representation). */
  public boolean wantsRows() {
    return method.isRead()
        || preferences.returnOrMinimal() == Preferences.ReturnPreference.REPRESENTATION;
  }
}
