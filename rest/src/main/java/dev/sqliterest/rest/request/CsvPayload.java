package dev.sqliterest.rest.request;

import dev.sqliterest.rest.error.ApiError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an RFC 4180 CSV body: a header row of column names, then one row per line. An unquoted
 * {@code NULL} is SQL NULL; an empty field is the empty string (PostgREST's rules).
 */
final class CsvPayload {

  private CsvPayload() {}

  static Payload read(String text) {
    List<List<Field>> records = records(text);
    if (records.isEmpty()) {
      throw ApiError.invalidBody("Empty CSV body", "a header row is required").exception();
    }
    List<Field> header = records.getFirst();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<Field> fields = records.get(r);
      if (fields.size() != header.size()) {
        throw ApiError.invalidBody(
                "All lines must have same number of fields",
                "line "
                    + (r + 1)
                    + " has "
                    + fields.size()
                    + " fields, the header has "
                    + header.size())
            .exception();
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        Field f = fields.get(i);
        row.put(header.get(i).text(), !f.quoted() && f.text().equals("NULL") ? null : f.text());
      }
      rows.add(row);
    }
    return PayloadReader.of(rows, true);
  }

  private record Field(String text, boolean quoted) {}

  private static List<List<Field>> records(String text) {
    List<List<Field>> records = new ArrayList<>();
    List<Field> current = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    int n = text.length();
    boolean fieldStarted = false;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '"' && sb.isEmpty() && !quoted) {
        quoted = true;
        fieldStarted = true;
        i++;
        while (true) {
          if (i >= n) {
            throw ApiError.invalidBody("Invalid CSV", "unterminated quoted field").exception();
          }
          char q = text.charAt(i++);
          if (q == '"') {
            if (i < n && text.charAt(i) == '"') {
              sb.append('"');
              i++;
            } else {
              break;
            }
          } else {
            sb.append(q);
          }
        }
        continue;
      }
      if (c == ',') {
        current.add(new Field(sb.toString(), quoted));
        sb.setLength(0);
        quoted = false;
        fieldStarted = true;
        i++;
      } else if (c == '\r' || c == '\n') {
        if (fieldStarted || !sb.isEmpty() || !current.isEmpty()) {
          current.add(new Field(sb.toString(), quoted));
          records.add(current);
        }
        current = new ArrayList<>();
        sb.setLength(0);
        quoted = false;
        fieldStarted = false;
        i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
      } else {
        sb.append(c);
        fieldStarted = true;
        i++;
      }
    }
    if (fieldStarted || !sb.isEmpty() || !current.isEmpty()) {
      current.add(new Field(sb.toString(), quoted));
      records.add(current);
    }
    return records;
  }
}
