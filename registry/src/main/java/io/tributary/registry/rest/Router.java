package io.tributary.registry.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches a request's method and path against route patterns such as {@code /subjects/{subject}/versions}.
 * Path segments are percent-decoded after splitting, so a subject may hold an encoded {@code /}. Immutable
 * once built; thread-safe.
 */
final class Router {

    /** One route's handler: gets the matched call, returns the response. */
    @FunctionalInterface
    interface Handler {
        RestResponse handle(RestCall call);
    }

    private record Route(String method, String pattern, String[] segments, Handler handler) {}

    /** A request matched to a route: the route's pattern, its path parameters, query and body. */
    record Match(String pattern, Handler handler, Map<String, String> params) {}

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, pattern, split(pattern), handler));
        return this;
    }

    /**
     * The route for {@code method} and {@code path}; null if no pattern matches the path, and a match with a
     * null handler (and the allowed methods as the pattern) if the path matches but not the method.
     */
    Match match(String method, String path) {
        String[] segments = split(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Map<String, String> params = params(r.segments, segments);
            if (params == null) {
                continue;
            }
            if (r.method.equals(method)) {
                return new Match(r.pattern, r.handler, params);
            }
            allowed.add(r.method);
        }
        return allowed.isEmpty() ? null : new Match(String.join(", ", allowed), null, Map.of());
    }

    private static Map<String, String> params(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                params.put(p.substring(1, p.length() - 1), decode(path[i]));
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
