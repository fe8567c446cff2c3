package dev.guarddutyslack.core;

/**
 * Where the core reports what it decided: one record per input, warnings that concern no single input,
 * and a flush at the end of an invocation. Safe to call from several delivery threads at once.
 */
public interface Journal {
  void record(Outcome outcome);

  void warn(String message);

  /** Writes what was gathered during the invocation (metrics). */
  void flush();
}
