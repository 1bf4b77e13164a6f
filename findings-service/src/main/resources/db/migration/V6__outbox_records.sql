-- The outbox row holds the Kafka record of the change as it is sent: topic, key, the CloudEvents headers (names and
-- values alternating) and the value (the OCSF JSON), encoded once when the change is written, so the relay only reads
-- rows and sends them. Rows written before this migration keep only the OCSF record in payload; the relay still
-- sends them (encoding them on the way) in id order with the new ones, so nothing unpublished is lost or reordered.
alter table finding_outbox
    alter column payload drop not null,
    add column topic          text,
    add column record_key     text,
    add column record_headers text[],
    add column record_value   text,
    add constraint finding_outbox_record_or_payload check (
        (topic is not null and record_key is not null and record_headers is not null and record_value is not null)
        or payload is not null);
