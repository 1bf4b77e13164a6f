package dev.canopy.inventory.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.inventory.store.UserStore;
import io.smallrye.mutiny.Uni;

/**
 * Applies inventory events to the store, one transaction per record. An event that cannot be decoded fails its
 * record, which the channel sends to the dead-letter topic with the reason; the consumer goes on.
 */
@ApplicationScoped
public class InventoryEventConsumer {
    private static final Logger LOG = Logger.getLogger(InventoryEventConsumer.class);

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    UserStore users;

    @Incoming("inventory-in")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        CanopyEvent<?> event = EventCodec.decode(record.headers(), record.value());
        return switch (event.type()) {
            case USER -> sessions.withTransaction(s -> users.upsert(s, event.tenantId(), (UserData) event.data(), event.time()))
                    .replaceWithVoid();
            default -> {
                LOG.debugf("ignoring %s (not handled yet)", event.type().type());
                yield Uni.createFrom().voidItem();
            }
        };
    }
}
