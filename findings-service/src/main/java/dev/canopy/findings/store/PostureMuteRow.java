package dev.canopy.findings.store;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Table posture_mute: one row per tenant and muted check. */
@Entity(name = "PostureMute")
@Table(name = "posture_mute")
@IdClass(PostureMuteRow.Key.class)
class PostureMuteRow {
    @Id
    @Column(name = "tenant_id")
    String tenantId;

    @Id
    @Column(name = "check_id")
    String checkId;

    @Column(name = "reason", nullable = false)
    String reason;

    @Column(name = "muted_by")
    String mutedBy;

    @Column(name = "muted_at", nullable = false)
    Instant mutedAt;

    /** The composite primary key (tenant_id, check_id). */
    static class Key implements Serializable {
        String tenantId;
        String checkId;

        Key() {
        }

        Key(String tenantId, String checkId) {
            this.tenantId = tenantId;
            this.checkId = checkId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(checkId, k.checkId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, checkId);
        }
    }

    PostureConfigStore.Mute toMute() {
        return new PostureConfigStore.Mute(checkId, reason, mutedBy, mutedAt);
    }
}
