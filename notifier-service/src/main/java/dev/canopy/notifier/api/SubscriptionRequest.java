package dev.canopy.notifier.api;

import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A subscription as the tenant writes it. Empty filter sets mean "any"; {@code minSeverityId} is OCSF's
 * severity_id (1 informational … 5 critical, 6 fatal); states are OCSF status names such as {@code new}, {@code resolved}.
 * Every collection, element and string is bounded (400 naming the field otherwise).
 */
public record SubscriptionRequest(
        @NotBlank @Size(max = 2048) String url,
        @Size(max = 500) String description,
        @Size(max = 2) Set<@NotBlank @Pattern(regexp = "[A-Za-z_-]{1,32}") String> kinds,
        @Min(0) @Max(6) Integer minSeverityId,
        @Size(max = 200) Set<@NotBlank @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]+") String> ruleIds,
        @Size(max = 20) Set<@NotBlank @Pattern(regexp = "[A-Za-z_ -]{1,32}") String> states,
        Boolean enabled) {
}
