package io.tributary.broker;

import java.util.List;
import java.util.Optional;

/**
 * Read access to the broker's static configuration, for DescribeConfigs and for the broker-level
 * defaults of topic configs. Implemented by the server module.
 */
public interface BrokerConfigView {

    /** One broker config as DescribeConfigs shows it. */
    record Entry(String name, String value, boolean isDefault, boolean isSensitive, boolean readOnly, String type,
            String documentation) {}

    /** Every known broker config, in a stable order. */
    List<Entry> entries();

    /** The effective value of a broker config (explicit or default), if the key is known. */
    Optional<String> value(String name);

    /** Whether {@code name} was set explicitly (file or override) rather than defaulted. */
    boolean isExplicit(String name);
}
