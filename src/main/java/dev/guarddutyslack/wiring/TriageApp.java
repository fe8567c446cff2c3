package dev.guarddutyslack.wiring;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.snapstart.Lifecycle;
import dev.guarddutyslack.triage.Triage;

/**
 * What one execution environment of the triage function shares: the click's answerer, and the environment's life
 * (its log lines, and SnapStart's checkpoint of this very graph).
 */
public record TriageApp(JsonFactory json, Triage triage, Lifecycle lifecycle) {}
