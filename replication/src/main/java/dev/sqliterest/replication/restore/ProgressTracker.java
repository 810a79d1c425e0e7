package dev.sqliterest.replication.restore;

/** Accumulates bytes and files of one restore and forwards them to a {@link RestoreProgress}. */
final class ProgressTracker {

  private final RestoreProgress sink;
  private final long bytesTotal;
  private final int filesTotal;
  private long bytesDone;
  private int filesDone;

  ProgressTracker(RestoreProgress sink, long bytesTotal, int filesTotal) {
    this.sink = sink;
    this.bytesTotal = bytesTotal;
    this.filesTotal = filesTotal;
    sink.update(0, bytesTotal, 0, filesTotal);
  }

  void bytes(long n) {
    bytesDone += n;
    sink.update(bytesDone, bytesTotal, filesDone, filesTotal);
  }

  void fileDone() {
    filesDone++;
    sink.update(bytesDone, bytesTotal, filesDone, filesTotal);
  }

  long bytesDone() {
    return bytesDone;
  }
}
