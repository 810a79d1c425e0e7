package dev.sqliterest.rest.response;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sqliterest.rest.request.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders SQLite's {@code EXPLAIN QUERY PLAN} rows: as text the way the {@code sqlite3} shell draws
 * the tree, or as JSON {@code [{"detail": "SCAN books", "children": [...]}, ...]}.
 */
public final class PlanBody {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** One row of {@code EXPLAIN QUERY PLAN}: its id, its parent's id (0 at the top), its text. */
  public record Step(int id, int parent, String detail) {}

  private record Node(String detail, List<Node> children) {}

  private PlanBody() {}

  public static byte[] render(List<Step> steps, MediaType.PlanFormat format) {
    List<Node> roots = tree(steps);
    return format == MediaType.PlanFormat.JSON ? json(roots) : text(roots);
  }

  private static List<Node> tree(List<Step> steps) {
    Map<Integer, Node> byId = new LinkedHashMap<>();
    List<Node> roots = new ArrayList<>();
    for (Step s : steps) {
      Node node = new Node(s.detail(), new ArrayList<>());
      byId.put(s.id(), node);
      Node parent = byId.get(s.parent());
      (parent == null ? roots : parent.children()).add(node);
    }
    return roots;
  }

  private static byte[] text(List<Node> roots) {
    StringBuilder out = new StringBuilder("QUERY PLAN\n");
    lines(out, roots, "");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void lines(StringBuilder out, List<Node> nodes, String indent) {
    for (int i = 0; i < nodes.size(); i++) {
      boolean last = i == nodes.size() - 1;
      out.append(indent).append(last ? "`--" : "|--").append(nodes.get(i).detail()).append('\n');
      lines(out, nodes.get(i).children(), indent + (last ? "   " : "|  "));
    }
  }

  private static byte[] json(List<Node> roots) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      nodes(g, roots);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void nodes(JsonGenerator g, List<Node> nodes) throws IOException {
    g.writeStartArray();
    for (Node n : nodes) {
      g.writeStartObject();
      g.writeStringField("detail", n.detail());
      g.writeFieldName("children");
      nodes(g, n.children());
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
