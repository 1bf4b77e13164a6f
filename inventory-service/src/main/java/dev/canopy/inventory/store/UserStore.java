package dev.canopy.inventory.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.canopy.contracts.events.data.UserData;
import io.smallrye.mutiny.Uni;

/**
 * Users of each tenant. Every method takes the tenant id first and every statement filters on it: this class
 * is the only way to the table.
 */
@ApplicationScoped
public class UserStore {

    @Inject
    Mutiny.SessionFactory sessions;

    /** Insert or update unless the stored observation is newer; returns true when the row changed. */
    public Uni<Boolean> upsert(Mutiny.Session session, String tenantId, UserData u, Instant observedAt) {
        String sql = """
                insert into inventory_user (tenant_id, account_id, email, email_domain, display_name, status,
                    account_status, account_type, managed, mfa_enabled, platform_roles, last_active, added_to_org,
                    observed_at, first_seen, last_changed, deleted_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?14, null)
                on conflict (tenant_id, account_id) do update set
                    email = excluded.email, email_domain = excluded.email_domain,
                    display_name = excluded.display_name, status = excluded.status,
                    account_status = excluded.account_status, account_type = excluded.account_type,
                    managed = excluded.managed, mfa_enabled = excluded.mfa_enabled,
                    platform_roles = excluded.platform_roles, last_active = excluded.last_active,
                    added_to_org = excluded.added_to_org, observed_at = excluded.observed_at,
                    last_changed = excluded.observed_at, deleted_at = null
                where inventory_user.observed_at < excluded.observed_at
                """;
        return session.createNativeQuery(sql)
                .setParameter(1, tenantId).setParameter(2, u.accountId()).setParameter(3, u.email())
                .setParameter(4, emailDomain(u.email())).setParameter(5, u.displayName())
                .setParameter(6, u.status()).setParameter(7, u.accountStatus()).setParameter(8, u.accountType())
                .setParameter(9, u.managed()).setParameter(10, u.mfaEnabled())
                .setParameter(11, u.platformRoles().toArray(String[]::new))
                .setParameter(12, utc(u.lastActive())).setParameter(13, utc(u.addedToOrg()))
                .setParameter(14, utc(observedAt))
                .executeUpdate().map(n -> n > 0);
    }

    /** A page of live users ordered by account id, starting after {@code afterAccountId}. */
    public Uni<List<UserRow>> list(String tenantId, String status, String afterAccountId, int limit) {
        StringBuilder sql = new StringBuilder("""
                select account_id, email, display_name, status, account_status, account_type, managed, mfa_enabled,
                       array_to_string(platform_roles, ' '), last_active, first_seen, last_changed, deleted_at
                from inventory_user where tenant_id = ?1 and deleted_at is null""");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (status != null) {
            params.add(status);
            sql.append(" and status = ?").append(params.size());
        }
        if (afterAccountId != null) {
            params.add(afterAccountId);
            sql.append(" and account_id > ?").append(params.size());
        }
        sql.append(" order by account_id limit ").append(limit);
        return sessions.withSession(s -> {
            var q = s.createNativeQuery(sql.toString(), Object[].class);
            for (int i = 0; i < params.size(); i++) {
                q.setParameter(i + 1, params.get(i));
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(UserStore::toRow).toList());
    }

    private static UserRow toRow(Object[] r) {
        return new UserRow((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5],
                (Boolean) r[6], (Boolean) r[7], r[8] == null || ((String) r[8]).isEmpty() ? List.of() : Arrays.asList(((String) r[8]).split(" ")),
                instant(r[9]), instant(r[10]), instant(r[11]), instant(r[12]));
    }

    static String emailDomain(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at < 0 ? null : email.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
    }

    static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof java.time.LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) o).toInstant();
    }
}
