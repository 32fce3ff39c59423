package io.spate.coordinator.jobmaster;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A job's failures, oldest first, bounded so a flapping job cannot grow it without end. */
final class ExceptionHistory {

  static final int MAX_ENTRIES = 100;

  private final Deque<ExceptionEntry> entries = new ArrayDeque<>();
  private String rootException;

  void add(ExceptionEntry entry) {
    if (entries.size() == MAX_ENTRIES) {
      entries.removeFirst();
    }
    entries.addLast(entry);
  }

  /** Records what failed the job; the first cause wins, later ones are only history. */
  void failedBy(String cause) {
    if (rootException == null) {
      rootException = cause;
    }
  }

  JobExceptions snapshot() {
    return new JobExceptions(rootException, List.copyOf(entries));
  }
}
