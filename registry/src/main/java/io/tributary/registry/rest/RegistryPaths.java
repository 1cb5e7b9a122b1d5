package io.tributary.registry.rest;

import java.util.List;

/**
 * The path prefixes the registry's REST API serves, for servers that dispatch by prefix. A class of its own so
 * that mounting the API at start loads nothing else of the registry.
 */
public final class RegistryPaths {

    public static final List<String> PREFIXES = List.of("/schemas", "/subjects", "/config", "/mode",
            "/compatibility", "/contexts", "/v1/metadata");

    private RegistryPaths() {}
}
