package dev.canopy.support.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private RateLimiter limiter(int tenantCapacity, double perSecond, int maxKeys) {
        RateLimitConfig config = new RateLimitConfig() {
            public boolean enabled() {
                return true;
            }

            public int tenantCapacity() {
                return tenantCapacity;
            }

            public double tenantPerSecond() {
                return perSecond;
            }

            public int anonymousCapacity() {
                return 2;
            }

            public double anonymousPerSecond() {
                return 0.5;
            }

            public Map<String, Bucket> buckets() {
                return Map.of("scan", new Bucket() {
                    public int capacity() {
                        return 2;
                    }

                    public double perSecond() {
                        return 0.1;
                    }
                });
            }

            public int maxTrackedKeys() {
                return maxKeys;
            }
        };
        return new RateLimiter(config, now::get);
    }

    @Test
    void aTenantGetsItsBurstThenWaitsForRefillWhileOthersAreServed() {
        RateLimiter l = limiter(3, 1, 1000);
        for (int i = 0; i < 3; i++) {
            assertThat(l.tenant("a", null).allowed()).isTrue();
        }
        RateLimiter.Decision refused = l.tenant("a", null);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(refused.limit()).contains("3 requests").contains("1 per second");
        assertThat(l.tenant("b", null).allowed()).isTrue();
        now.addAndGet(1_000_000_000L);
        assertThat(l.tenant("a", null).allowed()).isTrue();
        assertThat(l.tenant("a", null).allowed()).isFalse();
    }

    @Test
    void namedBucketsAreTighterAndPerTenant() {
        RateLimiter l = limiter(100, 10, 1000);
        assertThat(l.tenant("a", "scan").allowed()).isTrue();
        assertThat(l.tenant("a", "scan").allowed()).isTrue();
        RateLimiter.Decision d = l.tenant("a", "scan");
        assertThat(d.allowed()).isFalse();
        assertThat(d.retryAfterSeconds()).isEqualTo(10);
        assertThat(d.limit()).contains("'scan'").contains("6 per minute");
        assertThat(l.tenant("a", null).allowed()).as("other endpoints of the tenant").isTrue();
        assertThat(l.tenant("b", "scan").allowed()).as("another tenant").isTrue();
        assertThat(l.tenant("a", "unconfigured").allowed()).isTrue();
    }

    @Test
    void unauthenticatedCallersAreLimitedPerAddress() {
        RateLimiter l = limiter(100, 10, 1000);
        assertThat(l.anonymous("10.0.0.1").allowed()).isTrue();
        assertThat(l.anonymous("10.0.0.1").allowed()).isTrue();
        assertThat(l.anonymous("10.0.0.1").retryAfterSeconds()).isEqualTo(2);
        assertThat(l.anonymous("10.0.0.2").allowed()).isTrue();
    }

    @Test
    void memoryIsBoundedByDroppingIdleBuckets() {
        RateLimiter l = limiter(5, 1, 10);
        for (int i = 0; i < 100; i++) {
            l.tenant("t" + i, null);
            now.addAndGet(10_000_000_000L);
        }
        assertThat(l.trackedKeys()).isLessThanOrEqualTo(10);
    }
}
