package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A resource tag: attacker-influenced text, like every string in a finding. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Tag(String key, String value) {}
