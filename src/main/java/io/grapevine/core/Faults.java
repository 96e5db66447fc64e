package io.grapevine.core;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fault injection for the crash tests: with {@code -Dgrapevine.fault=NAME} (or the environment
 * variable {@code GRAPEVINE_FAULT}), the JVM halts at once, as {@code kill -9} would stop it, when it
 * reaches the named point. Points are named {@code STAGE.TABLE.writing} (inside a write, after some
 * of its rows reached their files, before the commit), {@code STAGE.TABLE.committed} (after the
 * table's commit), {@code STAGE.FILE.written} (a file written under its temporary name, not yet
 * moved into place) and {@code STAGE.manifest} (before the stage's manifest). Without the switch
 * every point is a no-op. {@link #throwAt} arms a point for the calling thread only, where it throws
 * {@link InjectedCrash} instead of halting: for tests that crash a stage many times in one JVM while
 * other tests run stages beside them. Delta commits nothing a failed write began, and Grapevine's own
 * files are left as a halt leaves them.
 */
public final class Faults {
  public static final String PROPERTY = "grapevine.fault";
  /** The exit status of an injected halt, the same as a process killed by SIGKILL. */
  public static final int HALT_STATUS = 137;

  /** The point armed for one thread by {@link #throwAt}; it throws there. */
  private static final ThreadLocal<String> THROW_HERE = new ThreadLocal<>();

  private Faults() {}

  /** Arms {@code point} for the calling thread: reaching it there throws {@link InjectedCrash}. */
  public static void throwAt(String point) {
    THROW_HERE.set(point);
  }

  /** Disarms the calling thread's point. */
  public static void disarm() {
    THROW_HERE.remove();
  }

  /** Whether {@code name} is armed for this thread or the whole JVM. */
  private static boolean armed(String name) {
    if (name.equals(THROW_HERE.get())) {
      return true;
    }
    String p = System.getProperty(PROPERTY);
    String jvm = p != null && !p.isBlank() ? p.trim() : System.getenv("GRAPEVINE_FAULT");
    return name.equals(jvm);
  }

  /** Whether an armed {@code name} throws rather than halts. */
  private static boolean throwing(String name) {
    return name.equals(THROW_HERE.get());
  }

  /** Halts the JVM (or throws, see {@link #throwAt}) when {@code name} is an armed point. */
  public static void point(String name) {
    if (armed(name)) {
      fire(name, throwing(name));
    }
  }

  private static void fire(String name, boolean throwing) {
    if (throwing) {
      throw new InjectedCrash(name);
    }
    System.err.println("grapevine: fault injected at " + name + ": halting");
    System.err.flush();
    Runtime.getRuntime().halt(HALT_STATUS);
  }

  /** A crash injected at a point armed by {@link #throwAt}. */
  public static final class InjectedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedCrash(String point) {
      super("fault injected at " + point);
    }
  }

  /**
   * {@code rows} unchanged, except that when {@code name} is armed, the task writing the second of
   * the rows' partitions (or the only one) halts the JVM once it has passed its rows on: the
   * other tasks' files may exist, the commit does not. Embedded (local) runs only: tasks share the
   * driver's JVM there.
   */
  public static Dataset<Row> inWrite(Dataset<Row> rows, String name) {
    if (!armed(name)) {
      return rows;
    }
    // Decided here, on the thread that armed it: the tasks run on Spark's threads.
    return rows.mapPartitions(new HaltAfterRows(name, throwing(name)), rows.encoder());
  }

  static final class HaltAfterRows implements MapPartitionsFunction<Row, Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final boolean throwing;

    HaltAfterRows(String name, boolean throwing) {
      this.name = name;
      this.throwing = throwing;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
      // The last partition halts (the second when there are more): the others' files are likely out.
      int halting = task.numPartitions() == 1 ? 0 : 1;
      boolean halts = task.partitionId() == halting;
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          boolean more = rows.hasNext();
          if (!more && halts) {
            // Give the other tasks' files a moment to land, then stop dead.
            try {
              Thread.sleep(200);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            fire(name, throwing);
          }
          return more;
        }

        @Override
        public Row next() {
          return rows.next();
        }
      };
    }
  }
}
