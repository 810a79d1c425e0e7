package dev.sqliterest.rest.response;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sqliterest.rest.plan.Output;
import dev.sqliterest.rest.plan.Render;
import dev.sqliterest.rest.request.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Streams result rows into a response body, typed per value: SQLite integers stay exact JSON
 * integers, reals are numbers, text is a string, BLOBs are base64, NULL is null; declared BOOLEAN
 * columns become true/false and JSON columns are embedded.
 *
 * <p>Implementation notes: plain JSON reads are built by SQLite itself (faster, see
 * docs/PERFORMANCE.md); this Jackson writer over the JDBC result set (about 400k rows/s on this
 * stack) serves what SQLite's JSON functions cannot: BLOBs (which they would read as JSONB) as
 * base64, CSV, {@code nulls=stripped}, very wide selects and write representations.
 */
public final class RowWriter {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final List<Output> outputs;
  private final MediaType.Choice format;
  private final ByteArrayOutputStream body;
  private final JsonGenerator json;
  private final CsvWriter csv;
  private long rows;

  /** A writer that renders into memory; {@link #finish()} returns the body. */
  public RowWriter(List<Output> outputs, MediaType.Choice format) {
    this(outputs, format, new ByteArrayOutputStream(1024));
  }

  /**
   * A writer that renders straight into {@code out} (a streamed response), through a small buffer;
   * {@link #end()} completes the document.
   */
  public static RowWriter streaming(
      List<Output> outputs, MediaType.Choice format, OutputStream out) {
    return new RowWriter(outputs, format, out);
  }

  private RowWriter(List<Output> outputs, MediaType.Choice format, OutputStream target) {
    this.body = target instanceof ByteArrayOutputStream memory ? memory : null;
    this.outputs = outputs;
    this.format = format;
    try {
      if (format.type() == MediaType.CSV) {
        json = null;
        csv = new CsvWriter(target);
        csv.header(outputs.stream().map(Output::key).toList());
      } else {
        csv = null;
        json = JSON.createGenerator(target, JsonEncoding.UTF8);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        if (format.type() == MediaType.JSON) {
          json.writeStartArray();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes every remaining row of {@code rs}; returns how many. */
  public long writeAll(ResultSet rs) throws SQLException {
    long n = 0;
    while (rs.next()) {
      write(rs);
      n++;
    }
    return n;
  }

  /** Writes the current row of {@code rs}. For a singular format only the first row is kept. */
  public void write(ResultSet rs) throws SQLException {
    rows++;
    try {
      if (csv != null) {
        csv.row(rs, outputs.size());
        return;
      }
      if (format.type() == MediaType.SINGLE_OBJECT && rows > 1) {
        return;
      }
      json.writeStartObject();
      for (int i = 0; i < outputs.size(); i++) {
        Object value = rs.getObject(i + 1);
        if (value == null && format.stripNulls()) {
          continue;
        }
        json.writeFieldName(outputs.get(i).key());
        value(value, outputs.get(i).render());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void value(Object value, Render render) throws IOException {
    switch (value) {
      case null -> json.writeNull();
      case Integer i when render == Render.BOOLEAN && (i == 0 || i == 1) ->
          json.writeBoolean(i == 1);
      case Long l when render == Render.BOOLEAN && (l == 0 || l == 1) -> json.writeBoolean(l == 1);
      case String s when render == Render.JSON -> json.writeRawValue(s);
      case Integer i -> json.writeNumber(i);
      case Long l -> json.writeNumber(l);
      case Double d when d.isNaN() || d.isInfinite() -> json.writeNull();
      case Double d -> json.writeNumber(d);
      case Float f -> json.writeNumber(f);
      case String s -> json.writeString(s);
      case byte[] b -> json.writeBinary(b);
      default -> json.writeString(value.toString());
    }
  }

  /** Rows written so far (including those a singular format dropped). */
  public long rows() {
    return rows;
  }

  /** Finishes the document and returns the body bytes (a writer that renders into memory). */
  public byte[] finish() {
    try {
      end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return body.toByteArray();
  }

  /** Finishes the document and flushes it to its stream. */
  public void end() throws IOException {
    if (csv != null) {
      csv.flush();
    } else {
      if (format.type() == MediaType.JSON) {
        json.writeEndArray();
      }
      json.close(); // the stream of a streamed response stays open: the transport ends it
    }
  }
}
