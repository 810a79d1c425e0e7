package dev.sqliterest.rest.request;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Builds the rows of one request body: objects with the same keys in the same order share one shape
 * (the keys and their positions, once) and each holds only its values, instead of one hash map per
 * object. A parsed body waits in the writer's queue until its transaction runs; under 64 concurrent
 * 1,000-row POSTs those hash maps were most of what every young collection copied
 * (docs/PERFORMANCE.md, Write API). Rows are read-only maps with keys in body order.
 */
final class ShapedRows {

  private final List<String> keys = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();
  private Shape last;

  /** Adds a field of the object being read. */
  void field(String key, Object value) {
    keys.add(key);
    values.add(value);
  }

  /** The object whose fields were just added, as a row; starts the next object. */
  Map<String, Object> finishObject() {
    try {
      if (last == null || !last.matches(keys)) {
        Shape shape = Shape.of(keys);
        if (shape == null) { // a key given twice: the last value wins, at the first position
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 0; i < keys.size(); i++) {
            row.put(keys.get(i), values.get(i));
          }
          return row;
        }
        last = shape;
      }
      return new Row(last, values.toArray());
    } finally {
      keys.clear();
      values.clear();
    }
  }

  /** Keys in order, their positions, and the key set every row of the shape returns. */
  private record Shape(String[] keys, Map<String, Integer> index, Set<String> keySet) {

    /** The shape of {@code keys}, or null when a key repeats. */
    static Shape of(List<String> keys) {
      Map<String, Integer> index = HashMap.newHashMap(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        if (index.put(keys.get(i), i) != null) {
          return null;
        }
      }
      return new Shape(
          keys.toArray(String[]::new),
          index,
          Collections.unmodifiableSet(new LinkedHashSet<>(keys)));
    }

    boolean matches(List<String> other) {
      if (other.size() != keys.length) {
        return false;
      }
      for (int i = 0; i < keys.length; i++) {
        if (!keys[i].equals(other.get(i))) {
          return false;
        }
      }
      return true;
    }
  }

  /** One object of a shape: its values by the shape's positions. */
  private static final class Row extends AbstractMap<String, Object> {
    private final Shape shape;
    private final Object[] values;

    Row(Shape shape, Object[] values) {
      this.shape = shape;
      this.values = values;
    }

    @Override
    public Object get(Object key) {
      Integer i = shape.index().get(key);
      return i == null ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
      return shape.index().containsKey(key);
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public Set<String> keySet() {
      return shape.keySet();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return values.length;
        }

        @Override
        public Iterator<Entry<String, Object>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < values.length;
            }

            @Override
            public Entry<String, Object> next() {
              if (next >= values.length) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new SimpleImmutableEntry<>(shape.keys()[i], values[i]);
            }
          };
        }
      };
    }

    @Override
    public String toString() {
      return "Row" + Arrays.toString(shape.keys()) + Arrays.toString(values);
    }
  }
}
