package dev.sqliterest.rest.openapi;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sqliterest.rest.request.RequestReader;
import dev.sqliterest.rest.schema.Column;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the OpenAPI 3.1 document of the given {@link Resource}s: a path per table or view with the
 * operations the caller may use, a schema of its rows, the query language's parameters, the error
 * shape and the auth scheme. PostgREST serves Swagger 2.0 here; docs/COMPATIBILITY.md says what
 * differs.
 */
public final class OpenApiDocument {

  /** The {@code Content-Type} of the document. */
  public static final String CONTENT_TYPE = "application/openapi+json; charset=utf-8";

  /**
   * What the document says beyond the resources.
   *
   * @param schemaVersion SQLite's {@code schema_version}, the document's version
   * @param bearerAuth requests need a bearer JWT (false with authentication disabled)
   * @param maxRows the row cap of a read, 0 for none
   */
  public record Settings(int schemaVersion, boolean bearerAuth, long maxRows) {}

  static final String ERROR = "sqliterest.Error";
  static final String OPERATOR = "sqliterest.FilterOperator";
  private static final String CONTENT_RANGE = "Content-Range";
  private static final String JSON = "application/json";
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private final JsonGenerator g;
  private final Settings settings;

  /** A resource with its component key and its filter parameters' keys by column. */
  private record Keyed(Resource resource, String key, Map<String, String> filters) {
    String path() {
      return "/"
          + URLEncoder.encode(resource.table().name(), StandardCharsets.UTF_8).replace("+", "%20");
    }
  }

  private OpenApiDocument(JsonGenerator g, Settings settings) {
    this.g = g;
    this.settings = settings;
  }

  /** The document as UTF-8 JSON. */
  public static byte[] json(List<Resource> resources, Settings settings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      new OpenApiDocument(g, settings).write(keyed(resources));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static List<Keyed> keyed(List<Resource> resources) {
    ComponentKeys schemas = new ComponentKeys(List.of(ERROR, OPERATOR));
    List<String> fixed = new ArrayList<>(RequestReader.RESERVED_PARAMETERS);
    fixed.addAll(
        List.of(QueryParameters.RANGE, QueryParameters.RANGE_UNIT, QueryParameters.PREFER));
    ComponentKeys parameters = new ComponentKeys(fixed);
    List<Keyed> keyed = new ArrayList<>();
    for (Resource r : resources) {
      String key = schemas.allocate(r.table().name());
      Map<String, String> filters = new LinkedHashMap<>();
      for (Column c : r.columns()) {
        if (!RequestReader.RESERVED_PARAMETERS.contains(c.name())) {
          filters.put(c.name(), parameters.allocate("rowFilter." + key + "." + c.name()));
        }
      }
      keyed.add(new Keyed(r, key, filters));
    }
    return keyed;
  }

  private void write(List<Keyed> resources) throws IOException {
    g.writeStartObject();
    g.writeStringField("openapi", "3.1.0");
    g.writeObjectFieldStart("info");
    g.writeStringField("title", "sqlite-rest");
    g.writeStringField("version", Integer.toString(settings.schemaVersion()));
    g.writeStringField(
        "description",
        "PostgREST-compatible API over a SQLite database: the tables and views this caller may"
            + " read, with the columns it may read and the writes it may make. The version is the"
            + " database's schema_version; the document follows schema changes at once.");
    g.writeEndObject();
    if (settings.bearerAuth()) {
      g.writeArrayFieldStart("security");
      g.writeStartObject();
      g.writeArrayFieldStart("bearer");
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeObjectFieldStart("paths");
    root();
    for (Keyed k : resources) {
      pathItem(k);
    }
    g.writeEndObject();
    components(resources);
    g.writeEndObject();
  }

  private void root() throws IOException {
    g.writeObjectFieldStart("/");
    g.writeObjectFieldStart("get");
    g.writeStringField("summary", "This OpenAPI description");
    g.writeObjectFieldStart("responses");
    g.writeObjectFieldStart("200");
    g.writeStringField("description", "The tables and views the caller may read");
    g.writeObjectFieldStart("content");
    g.writeObjectFieldStart("application/openapi+json");
    g.writeObjectFieldStart("schema");
    g.writeStringField("type", "object");
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
    errorResponse();
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }

  private void pathItem(Keyed k) throws IOException {
    Resource r = k.resource();
    String name = r.table().name();
    g.writeObjectFieldStart(k.path());
    g.writeStringField("summary", name);
    List<String> filters = k.filters().values().stream().toList();
    List<String> logic = List.of("and", "or", "not.and", "not.or");
    List<String> read = concat(filters, List.of("select", "order", "limit", "offset"), logic);
    read.addAll(List.of(QueryParameters.RANGE, QueryParameters.RANGE_UNIT));
    operation("get", name, "Read rows of " + name, read, false, k, List.of("200", "206"));
    operation("head", name, "Count rows of " + name, read, false, k, List.of());
    if (r.table().updatable()) {
      if (r.insert()) {
        operation(
            "post",
            name,
            "Insert rows into " + name + " (upsert with on_conflict and Prefer: resolution)",
            List.of("select", "columns", "on_conflict"),
            true,
            k,
            List.of("201"));
      }
      if (r.update()) {
        operation(
            "patch",
            name,
            "Update the rows of " + name + " the filters select",
            concat(filters, logic, List.of("select")),
            true,
            k,
            List.of("200"));
      }
      if (r.put()) {
        operation(
            "put",
            name,
            "Insert or replace one row of " + name + ", addressed by primary key filters (eq)",
            concat(filters, List.of("select")),
            true,
            k,
            List.of("200", "201"));
      }
      if (r.delete()) {
        operation(
            "delete",
            name,
            "Delete the rows of " + name + " the filters select",
            concat(filters, logic, List.of("select")),
            false,
            k,
            List.of("200"));
      }
    }
    g.writeEndObject();
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> l : lists) {
      all.addAll(l);
    }
    return all;
  }

  /**
   * One operation; {@code rowStatuses} answer with rows (the others: 204 for writes without a
   * representation, headers only for HEAD).
   */
  private void operation(
      String method,
      String tag,
      String summary,
      List<String> parameters,
      boolean body,
      Keyed k,
      List<String> rowStatuses)
      throws IOException {
    // POST answers 201 with or without rows; the other writes 204 without them
    boolean write = !method.equals("get") && !method.equals("head");
    g.writeObjectFieldStart(method);
    g.writeArrayFieldStart("tags");
    g.writeString(tag);
    g.writeEndArray();
    g.writeStringField("summary", summary);
    g.writeArrayFieldStart("parameters");
    for (String p : parameters) {
      ref("#/components/parameters/" + p);
    }
    ref("#/components/parameters/" + QueryParameters.PREFER);
    g.writeEndArray();
    if (body) {
      requestBody(k.key(), method.equals("post"));
    }
    g.writeObjectFieldStart("responses");
    for (String status : rowStatuses) {
      g.writeFieldName(status);
      ref("#/components/responses/" + k.key());
    }
    if (method.equals("head")) {
      g.writeObjectFieldStart("200");
      g.writeStringField("description", "The headers a GET would send, without its body");
      contentRangeHeader();
      g.writeEndObject();
    }
    if (write && !method.equals("post")) {
      g.writeObjectFieldStart("204");
      g.writeStringField("description", "Done; no rows returned (Prefer: return=minimal)");
      contentRangeHeader();
      g.writeEndObject();
    }
    errorResponse();
    g.writeEndObject();
    g.writeEndObject();
  }

  private void requestBody(String key, boolean many) throws IOException {
    String schema = "#/components/schemas/" + key;
    g.writeObjectFieldStart("requestBody");
    g.writeBooleanField("required", true);
    g.writeObjectFieldStart("content");
    g.writeObjectFieldStart(JSON);
    g.writeFieldName("schema");
    if (many) {
      g.writeStartObject();
      g.writeArrayFieldStart("oneOf");
      ref(schema);
      g.writeStartObject();
      g.writeStringField("type", "array");
      g.writeFieldName("items");
      ref(schema);
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    } else {
      ref(schema);
    }
    g.writeEndObject();
    g.writeObjectFieldStart("text/csv");
    g.writeObjectFieldStart("schema");
    g.writeStringField("type", "string");
    g.writeEndObject();
    g.writeEndObject();
    g.writeObjectFieldStart("application/x-www-form-urlencoded");
    g.writeFieldName("schema");
    ref(schema);
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }

  private void components(List<Keyed> resources) throws IOException {
    String operatorRef = "#/components/schemas/" + OPERATOR;
    g.writeObjectFieldStart("components");
    g.writeObjectFieldStart("schemas");
    g.writeFieldName(ERROR);
    errorSchema();
    g.writeFieldName(OPERATOR);
    QueryParameters.operatorSchema(g);
    for (Keyed k : resources) {
      g.writeFieldName(k.key());
      TableSchemas.write(g, k.resource());
    }
    g.writeEndObject();
    g.writeObjectFieldStart("parameters");
    QueryParameters.writeFixed(g, settings.maxRows());
    for (Keyed k : resources) {
      for (Map.Entry<String, String> f : k.filters().entrySet()) {
        g.writeFieldName(f.getValue());
        QueryParameters.writeFilter(g, k.resource().table().name(), f.getKey(), operatorRef);
      }
    }
    g.writeEndObject();
    g.writeObjectFieldStart("responses");
    g.writeObjectFieldStart(ERROR);
    g.writeStringField("description", "An error: {code, message, details, hint}");
    g.writeObjectFieldStart("content");
    g.writeObjectFieldStart(JSON);
    g.writeFieldName("schema");
    ref("#/components/schemas/" + ERROR);
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
    for (Keyed k : resources) {
      rowsResponse(k);
    }
    g.writeEndObject();
    g.writeObjectFieldStart("headers");
    g.writeObjectFieldStart(CONTENT_RANGE);
    g.writeStringField(
        "description",
        "first-last/total of the rows, e.g. 0-9/100; the total is * unless Prefer: count=… asked"
            + " for it");
    g.writeObjectFieldStart("schema");
    g.writeStringField("type", "string");
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
    if (settings.bearerAuth()) {
      g.writeObjectFieldStart("securitySchemes");
      g.writeObjectFieldStart("bearer");
      g.writeStringField("type", "http");
      g.writeStringField("scheme", "bearer");
      g.writeStringField("bearerFormat", "JWT");
      g.writeStringField(
          "description",
          "A JWT in Authorization: Bearer; its role claim selects the grants of the policy file");
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private void rowsResponse(Keyed k) throws IOException {
    String schema = "#/components/schemas/" + k.key();
    g.writeObjectFieldStart(k.key());
    g.writeStringField("description", "Rows of " + k.resource().table().name());
    contentRangeHeader();
    g.writeObjectFieldStart("content");
    g.writeObjectFieldStart(JSON);
    g.writeObjectFieldStart("schema");
    g.writeStringField("type", "array");
    g.writeFieldName("items");
    ref(schema);
    g.writeEndObject();
    g.writeEndObject();
    g.writeObjectFieldStart("application/vnd.pgrst.object+json");
    g.writeFieldName("schema");
    ref(schema);
    g.writeEndObject();
    g.writeObjectFieldStart("text/csv");
    g.writeObjectFieldStart("schema");
    g.writeStringField("type", "string");
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }

  private void errorSchema() throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "object");
    g.writeArrayFieldStart("required");
    g.writeString("code");
    g.writeString("message");
    g.writeEndArray();
    g.writeObjectFieldStart("properties");
    for (String field : List.of("code", "message", "details", "hint")) {
      g.writeObjectFieldStart(field);
      g.writeArrayFieldStart("type");
      g.writeString("string");
      if (!field.equals("code") && !field.equals("message")) {
        g.writeString("null");
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private void errorResponse() throws IOException {
    g.writeFieldName("default");
    ref("#/components/responses/" + ERROR);
  }

  private void contentRangeHeader() throws IOException {
    g.writeObjectFieldStart("headers");
    g.writeFieldName(CONTENT_RANGE);
    ref("#/components/headers/" + CONTENT_RANGE);
    g.writeEndObject();
  }

  private void ref(String target) throws IOException {
    g.writeStartObject();
    g.writeStringField("$ref", target);
    g.writeEndObject();
  }
}
