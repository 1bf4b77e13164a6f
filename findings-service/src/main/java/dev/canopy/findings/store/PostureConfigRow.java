package dev.canopy.findings.store;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Table posture_config: one row per tenant, its threshold overrides as a jsonb object. */
@Entity(name = "PostureConfig")
@Table(name = "posture_config")
class PostureConfigRow {
    @Id
    @Column(name = "tenant_id")
    String tenantId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "thresholds", nullable = false)
    Map<String, Object> thresholds;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Column(name = "updated_by")
    String updatedBy;
}
