package io.spate.executor.operators;

import io.spate.record.Row;

/** {@code Discard}: counts records and drops them (the task's records-in metric shows them). */
public final class DiscardSink implements OneInputOperator {

  private long records;

  @Override
  public void processRecord(Row row) {
    records++;
  }

  public long records() {
    return records;
  }
}
