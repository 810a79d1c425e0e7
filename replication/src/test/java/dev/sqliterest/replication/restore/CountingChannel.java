package dev.sqliterest.replication.restore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file channel that counts {@link #force} calls and the bytes of positional writes, and can fail
 * either; the rest is delegated.
 */
final class CountingChannel extends FileChannel {

  final AtomicInteger forces = new AtomicInteger();
  final AtomicLong written = new AtomicLong();
  private final FileChannel delegate;
  private final IOException forceFailure;
  private final IOException writeFailure;

  /** {@code forceFailure}: thrown by every force, or {@code null} to force for real. */
  CountingChannel(FileChannel delegate, IOException forceFailure) {
    this(delegate, forceFailure, null);
  }

  /** As above; {@code writeFailure}: thrown by every positional write, or {@code null}. */
  CountingChannel(FileChannel delegate, IOException forceFailure, IOException writeFailure) {
    this.delegate = delegate;
    this.forceFailure = forceFailure;
    this.writeFailure = writeFailure;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    forces.incrementAndGet();
    if (forceFailure != null) {
      throw forceFailure;
    }
    delegate.force(metaData);
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    if (writeFailure != null) {
      throw writeFailure;
    }
    int n = delegate.write(src, position);
    written.addAndGet(n);
    return n;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return delegate.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return delegate.read(dsts, offset, length);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return delegate.write(src);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    return delegate.write(srcs, offset, length);
  }

  @Override
  public long position() throws IOException {
    return delegate.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    delegate.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return delegate.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    delegate.truncate(size);
    return this;
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return delegate.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    return delegate.transferFrom(src, position, count);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return delegate.read(dst, position);
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return delegate.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return delegate.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return delegate.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    delegate.close();
  }
}
