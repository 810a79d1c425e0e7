package dev.sqliterest.replication.client.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ResumingInputStreamTest {

  private static final byte[] DATA = new byte[10_000];

  static {
    for (int i = 0; i < DATA.length; i++) {
      DATA[i] = (byte) (i * 31);
    }
  }

  /**
   * Serves DATA from an offset; the first {@code failures} opens break after {@code breakAfter}
   * bytes.
   */
  private static final class FlakyObject implements ResumingInputStream.Opener {
    final List<Long> opens = new ArrayList<>();
    int failures;
    final int breakAfter;
    final boolean eofInsteadOfError;

    FlakyObject(int failures, int breakAfter, boolean eofInsteadOfError) {
      this.failures = failures;
      this.breakAfter = breakAfter;
      this.eofInsteadOfError = eofInsteadOfError;
    }

    @Override
    public ResumingInputStream.Opened open(long offset) {
      opens.add(offset);
      boolean breaks = failures-- > 0;
      InputStream in =
          new ByteArrayInputStream(DATA, (int) offset, DATA.length - (int) offset) {
            int served;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
              if (breaks && served >= breakAfter) {
                if (eofInsteadOfError) {
                  return -1;
                }
                throw new java.io.UncheckedIOException(new IOException("connection reset"));
              }
              int n = super.read(b, off, Math.min(len, breaks ? breakAfter - served : len));
              served += Math.max(n, 0);
              return n;
            }
          };
      return new ResumingInputStream.Opened(wrapUnchecked(in), DATA.length - offset);
    }
  }

  private static InputStream wrapUnchecked(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return in.read(b, off, len);
        } catch (java.io.UncheckedIOException e) {
          throw e.getCause();
        }
      }
    };
  }

  @Test
  void brokenConnections_reopenAtCurrentOffset() throws IOException {
    FlakyObject o = new FlakyObject(2, 3000, false);
    try (ResumingInputStream in = new ResumingInputStream(o, 100)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(DATA, 100, DATA.length));
    }
    assertThat(o.opens).containsExactly(100L, 3100L, 6100L);
  }

  @Test
  void prematureEnd_reopens() throws IOException {
    FlakyObject o = new FlakyObject(1, 500, true);
    try (ResumingInputStream in = new ResumingInputStream(o, 0)) {
      assertThat(in.readAllBytes()).isEqualTo(DATA);
    }
    assertThat(o.opens).containsExactly(0L, 500L);
  }

  @Test
  void persistentFailure_givesUp() {
    FlakyObject o = new FlakyObject(10, 100, false);
    assertThatThrownBy(() -> new ResumingInputStream(o, 0).readAllBytes())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("after 3 reopens")
        .hasMessageContaining("connection reset");
  }
}
