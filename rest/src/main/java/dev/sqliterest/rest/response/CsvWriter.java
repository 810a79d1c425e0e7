package dev.sqliterest.rest.response;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;

/** RFC 4180 output: a header line, then one line per row; NULL is an empty field. */
final class CsvWriter {

  private final Writer out;

  CsvWriter(OutputStream out) {
    this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
  }

  void header(List<String> names) throws IOException {
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      field(names.get(i));
    }
  }

  void row(ResultSet rs, int columns) throws SQLException, IOException {
    out.write('\n');
    for (int i = 1; i <= columns; i++) {
      if (i > 1) {
        out.write(',');
      }
      Object v = rs.getObject(i);
      if (v instanceof byte[] b) {
        field(Base64.getEncoder().encodeToString(b));
      } else if (v != null) {
        field(v.toString());
      }
    }
  }

  private void field(String s) throws IOException {
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0
        || s.isEmpty()) {
      out.write('"');
      out.write(s.replace("\"", "\"\""));
      out.write('"');
    } else {
      out.write(s);
    }
  }

  void flush() throws IOException {
    out.flush();
  }
}
