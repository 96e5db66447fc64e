package io.grapevine.ingest;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator over records produced one at a time by {@link #advance()}, which returns null at the end. */
public abstract class RecordIterator<T> implements Iterator<T> {
  private T next;
  private boolean done;

  /** The next record, or null when there are no more. */
  protected abstract T advance();

  @Override
  public final boolean hasNext() {
    if (next == null && !done) {
      next = advance();
      done = next == null;
    }
    return next != null;
  }

  @Override
  public final T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T r = next;
    next = null;
    return r;
  }
}
