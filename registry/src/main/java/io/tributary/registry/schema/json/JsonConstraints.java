package io.tributary.registry.schema.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The comparisons of strings, numbers and enumerations. Stateless. */
final class JsonConstraints {

    private JsonConstraints() {}

    static void string(JsonSchemaDiff diff, String path, JsonNode o, JsonNode u) {
        upper(diff, path, o, u, "maxLength", Change.MAX_LENGTH_ADDED, Change.MAX_LENGTH_DECREASED);
        lower(diff, path, o, u, "minLength", Change.MIN_LENGTH_ADDED, Change.MIN_LENGTH_INCREASED);
        JsonNode po = o.get("pattern");
        JsonNode pu = u.get("pattern");
        if (po == null && pu != null) {
            diff.difference(path + "/pattern", Change.PATTERN_ADDED);
        } else if (po != null && pu != null && !po.equals(pu)) {
            diff.difference(path + "/pattern", Change.PATTERN_CHANGED);
        }
    }

    static void number(JsonSchemaDiff diff, String path, JsonNode o, JsonNode u) {
        if (!"integer".equals(o.path("type").asText()) && "integer".equals(u.path("type").asText())) {
            diff.difference(path, Change.TYPE_NARROWED);
        }
        upper(diff, path, o, u, "maximum", Change.MAXIMUM_ADDED, Change.MAXIMUM_DECREASED);
        lower(diff, path, o, u, "minimum", Change.MINIMUM_ADDED, Change.MINIMUM_INCREASED);
        upper(diff, path, o, u, "exclusiveMaximum", Change.EXCLUSIVE_MAXIMUM_ADDED,
                Change.EXCLUSIVE_MAXIMUM_DECREASED);
        lower(diff, path, o, u, "exclusiveMinimum", Change.EXCLUSIVE_MINIMUM_ADDED,
                Change.EXCLUSIVE_MINIMUM_INCREASED);
        BigDecimal mo = decimal(o.get("multipleOf"));
        BigDecimal mu = decimal(u.get("multipleOf"));
        if (mo == null && mu != null) {
            diff.difference(path + "/multipleOf", Change.MULTIPLE_OF_ADDED);
        } else if (mo != null && mu != null && mo.compareTo(mu) != 0 && mu.signum() != 0 && mo.signum() != 0) {
            if (mu.remainder(mo).signum() == 0) {
                diff.difference(path + "/multipleOf", Change.MULTIPLE_OF_EXPANDED);
            } else if (mo.remainder(mu).signum() != 0) {
                diff.difference(path + "/multipleOf", Change.MULTIPLE_OF_CHANGED);
            }
        }
    }

    static void enumeration(JsonSchemaDiff diff, String path, JsonNode o, JsonNode u) {
        List<JsonNode> vo = values(o);
        List<JsonNode> vu = values(u);
        if (vu.containsAll(vo)) {
            return;
        }
        diff.difference(path + "/enum", vo.containsAll(vu) ? Change.ENUM_ARRAY_NARROWED : Change.ENUM_ARRAY_CHANGED);
    }

    private static List<JsonNode> values(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.has("const")) {
            out.add(node.get("const"));
        }
        node.path("enum").forEach(out::add);
        return out;
    }

    /** An upper bound: adding one or lowering it is incompatible. */
    static void upper(JsonSchemaDiff diff, String path, JsonNode o, JsonNode u, String word, Change added,
            Change decreased) {
        BigDecimal bo = decimal(o.get(word));
        BigDecimal bu = decimal(u.get(word));
        if (bo == null && bu != null) {
            diff.difference(path + "/" + word, added);
        } else if (bo != null && bu != null && bu.compareTo(bo) < 0) {
            diff.difference(path + "/" + word, decreased);
        }
    }

    /** A lower bound: adding one or raising it is incompatible. */
    static void lower(JsonSchemaDiff diff, String path, JsonNode o, JsonNode u, String word, Change added,
            Change increased) {
        BigDecimal bo = decimal(o.get(word));
        BigDecimal bu = decimal(u.get(word));
        if (bo == null && bu != null) {
            diff.difference(path + "/" + word, added);
        } else if (bo != null && bu != null && bu.compareTo(bo) > 0) {
            diff.difference(path + "/" + word, increased);
        }
    }

    static BigDecimal decimal(JsonNode n) {
        return n != null && n.isNumber() ? n.decimalValue() : null;
    }
}
