/**
 * Settings of inventory-service. It has none of its own today: everything it reads is Quarkus, Kafka channel and
 * datasource configuration in {@code application.properties} (batch size, consumer count, pool size; see the README),
 * and the REST rate limits come from service-support. A setting the inventory code reads goes here as a
 * {@code @ConfigMapping(prefix = "inventory")} interface, as in the other services, with its default written once in
 * {@code application.properties}.
 */
package dev.canopy.inventory.config;
