package dev.canopy.findings.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.canopy.contracts.ocsf.OcsfFinding;

/**
 * The OCSF Detection Finding parts of a detection's stored evidence: the actor (an Atlassian account), the evidence
 * (the audit action as the API operation, where it came from, the rule's facts) and the triggering audit events.
 */
final class DetectionEvidence {
    private DetectionEvidence() {
    }

    static OcsfFinding.Actor actor(Map<String, Object> e) {
        String id = text(e, "actorAccountId");
        String name = text(e, "actorName");
        OcsfFinding.User user = new OcsfFinding.User(id != null ? id : "unknown", name, 1, "User", null);
        return new OcsfFinding.Actor(user, null);
    }

    static OcsfFinding.Evidence evidence(Map<String, Object> e) {
        String ip = text(e, "ipAddress");
        String place = text(e, "location");
        String country = place == null ? null : isoCountry(place);
        // OCSF location needs one of city/country/postal_code/region: a country name without a code stays out
        OcsfFinding.Location location = country == null ? null : new OcsfFinding.Location(country, null, place);
        OcsfFinding.Endpoint endpoint = ip == null && location == null ? null : new OcsfFinding.Endpoint(ip, location);
        Object facts = e.get("facts");
        return new OcsfFinding.Evidence(text(e, "detectionId"), text(e, "action"), actor(e),
                new OcsfFinding.Api(String.valueOf(e.getOrDefault("action", "unknown"))), endpoint,
                facts instanceof Map<?, ?> m && !m.isEmpty() ? castMap(m) : null);
    }

    static List<OcsfFinding.RelatedEvent> relatedEvents(Map<String, Object> e) {
        List<OcsfFinding.RelatedEvent> out = new ArrayList<>();
        if (e.get("eventIds") instanceof Collection<?> ids) {
            Long first = millis(text(e, "firstEventAt"));
            for (Object id : ids) {
                out.add(new OcsfFinding.RelatedEvent(String.valueOf(id), "Atlassian organization audit event",
                        out.isEmpty() ? first : null, text(e, "action")));
            }
        }
        return out;
    }

    static Integer eventCount(Map<String, Object> e) {
        return e.get("eventCount") instanceof Number n ? n.intValue() : null;
    }

    /** ISO 3166-1 alpha-2 code of a country named in English (audit records name countries), or null. */
    static String isoCountry(String name) {
        for (String code : Locale.getISOCountries()) {
            if (new Locale("", code).getDisplayCountry(Locale.ENGLISH).equalsIgnoreCase(name)) {
                return code;
            }
        }
        return null;
    }

    private static String text(Map<String, Object> e, String key) {
        Object v = e.get(key);
        return v == null ? null : v.toString();
    }

    private static Long millis(String iso) {
        try {
            return iso == null ? null : Instant.parse(iso).toEpochMilli();
        } catch (java.time.format.DateTimeParseException ex) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
