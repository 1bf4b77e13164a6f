package dev.canopy.connector.store;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "connection")
public class ConnectionEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public String tenantId;
    public String name;
    @Column(name = "org_id")
    public String orgId;
    @Column(name = "admin_base_url")
    public String adminBaseUrl;
    @Column(name = "org_api_key_enc")
    public String orgApiKeyEncrypted;
    public String status;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
