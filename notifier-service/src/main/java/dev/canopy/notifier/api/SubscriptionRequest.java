package dev.canopy.notifier.api;

import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A subscription as the tenant writes it. Empty filter sets mean "any"; {@code minSeverityId} is OCSF's
 * severity_id (1 informational … 5 critical, 6 fatal); states are OCSF status names such as {@code new}, {@code resolved}.
 */
public record SubscriptionRequest(
        @NotBlank @Size(max = 2048) String url,
        @Size(max = 500) String description,
        @Size(max = 2) Set<String> kinds,
        @Min(0) @Max(6) Integer minSeverityId,
        @Size(max = 200) Set<String> ruleIds,
        @Size(max = 20) Set<String> states,
        Boolean enabled) {
}
