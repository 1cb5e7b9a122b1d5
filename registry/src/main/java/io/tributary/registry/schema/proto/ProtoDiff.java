package io.tributary.registry.schema.proto;

import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Confluent's Protobuf compatibility rules between an original (writer) and an update (reader) file. Compatible:
 * messages and enums added, enums and enum constants changed, fields added, removed or renamed, string and
 * bytes fields becoming repeated or not, oneofs added or removed, a new field in a oneof. Incompatible: the
 * package changed, a message removed, a field's kind changed (scalar, message, map), a scalar changed across
 * wire-compatible groups (int32/int64/uint32/uint64/bool/enums; sint32/sint64; fixed32/sfixed32;
 * fixed64/sfixed64; string/bytes; float; double), a field's message type renamed, a required (proto2) field
 * added or removed, another field changing between repeated and not, a field moved into an existing oneof,
 * several fields moved into a new oneof, a field removed from a oneof. Stateless.
 */
final class ProtoDiff {

    private ProtoDiff() {}

    static List<String> incompatibilities(ProtoFileElement original, ProtoTypes originalTypes, ProtoFileElement update,
            ProtoTypes updateTypes) {
        List<String> out = new ArrayList<>();
        if (!Objects.equals(pkg(original), pkg(update))) {
            out.add(message("PACKAGE_CHANGED", pkg(original) + " -> " + pkg(update)));
        }
        Map<String, ProtoTypes.Named> om = byLocalName(originalTypes);
        Map<String, ProtoTypes.Named> um = byLocalName(updateTypes);
        for (Map.Entry<String, ProtoTypes.Named> e : om.entrySet()) {
            ProtoTypes.Named u = um.get(e.getKey());
            if (u == null) {
                out.add(message("MESSAGE_REMOVED", e.getKey()));
            } else {
                compareMessage(out, e.getValue(), originalTypes, u, updateTypes);
            }
        }
        return out;
    }

    private static String pkg(ProtoFileElement f) {
        return f.getPackageName() == null ? "" : f.getPackageName();
    }

    private static Map<String, ProtoTypes.Named> byLocalName(ProtoTypes types) {
        Map<String, ProtoTypes.Named> out = new HashMap<>();
        types.ownMessages().forEach((full, n) -> out.put(local(n), n));
        return out;
    }

    private static String local(ProtoTypes.Named n) {
        String p = n.packageName();
        return p.isEmpty() || !n.fullName().startsWith(p + ".") ? n.fullName() : n.fullName().substring(p.length() + 1);
    }

    private static void compareMessage(List<String> out, ProtoTypes.Named o, ProtoTypes ot, ProtoTypes.Named u,
            ProtoTypes ut) {
        String at = local(o);
        Map<Integer, ProtoTypes.Field> of = byTag((MessageElement) o.element());
        Map<Integer, ProtoTypes.Field> uf = byTag((MessageElement) u.element());
        for (ProtoTypes.Field f : of.values()) {
            if (!uf.containsKey(f.element().getTag()) && f.element().getLabel() == Field.Label.REQUIRED) {
                out.add(message("REQUIRED_FIELD_REMOVED", at + "." + f.element().getName()));
            }
        }
        for (ProtoTypes.Field f : uf.values()) {
            if (!of.containsKey(f.element().getTag()) && f.element().getLabel() == Field.Label.REQUIRED) {
                out.add(message("REQUIRED_FIELD_ADDED", at + "." + f.element().getName()));
            }
        }
        for (ProtoTypes.Field f : of.values()) {
            ProtoTypes.Field g = uf.get(f.element().getTag());
            if (g != null) {
                String where = at + "." + g.element().getName();
                compareType(out, where, f.element().getType(), o.fullName(), ot, g.element().getType(),
                        u.fullName(), ut);
                compareLabel(out, where, f, g);
            }
        }
        compareOneOfs(out, at, of, uf);
    }

    private static Map<Integer, ProtoTypes.Field> byTag(MessageElement m) {
        Map<Integer, ProtoTypes.Field> out = new HashMap<>();
        ProtoTypes.fields(m).forEach(f -> out.put(f.element().getTag(), f));
        return out;
    }

    private static void compareLabel(List<String> out, String where, ProtoTypes.Field f, ProtoTypes.Field g) {
        boolean repeatedO = f.element().getLabel() == Field.Label.REPEATED;
        boolean repeatedU = g.element().getLabel() == Field.Label.REPEATED;
        String type = g.element().getType();
        if (repeatedO != repeatedU && !type.equals("string") && !type.equals("bytes")) {
            out.add(message("FIELD_LABEL_CHANGED", where));
        }
    }

    private static void compareOneOfs(List<String> out, String at, Map<Integer, ProtoTypes.Field> of,
            Map<Integer, ProtoTypes.Field> uf) {
        Set<String> originalOneOfs = oneOfs(of);
        Set<String> updateOneOfs = oneOfs(uf);
        Map<String, Integer> movedIntoNew = new HashMap<>();
        for (ProtoTypes.Field f : of.values()) {
            ProtoTypes.Field g = uf.get(f.element().getTag());
            if (f.oneOf() != null && updateOneOfs.contains(f.oneOf()) && (g == null || !f.oneOf().equals(g.oneOf()))) {
                out.add(message("ONEOF_FIELD_REMOVED", at + "." + f.oneOf() + "." + f.element().getName()));
            } else if (f.oneOf() == null && g != null && g.oneOf() != null) {
                if (originalOneOfs.contains(g.oneOf())) {
                    out.add(message("FIELD_MOVED_TO_EXISTING_ONEOF", at + "." + g.element().getName()));
                } else {
                    movedIntoNew.merge(g.oneOf(), 1, Integer::sum);
                }
            }
        }
        movedIntoNew.forEach((oneOf, n) -> {
            if (n > 1) {
                out.add(message("MULTIPLE_FIELDS_MOVED_TO_ONEOF", at + "." + oneOf));
            }
        });
    }

    private static Set<String> oneOfs(Map<Integer, ProtoTypes.Field> fields) {
        Set<String> out = new HashSet<>();
        fields.values().forEach(f -> {
            if (f.oneOf() != null) {
                out.add(f.oneOf());
            }
        });
        return out;
    }

    private enum Kind { SCALAR, MESSAGE, MAP }

    private static void compareType(List<String> out, String where, String ot, String oScope, ProtoTypes oTypes,
            String ut, String uScope, ProtoTypes uTypes) {
        String[] om = ProtoTypes.mapTypes(ot);
        String[] um = ProtoTypes.mapTypes(ut);
        Kind ko = om != null ? Kind.MAP : kind(ot, oScope, oTypes);
        Kind ku = um != null ? Kind.MAP : kind(ut, uScope, uTypes);
        if (ko != ku) {
            out.add(message("FIELD_KIND_CHANGED", where));
            return;
        }
        switch (ko) {
            case MAP -> {
                compareType(out, where + "<key>", om[0], oScope, oTypes, um[0], uScope, uTypes);
                compareType(out, where + "<value>", om[1], oScope, oTypes, um[1], uScope, uTypes);
            }
            case SCALAR -> {
                if (!scalarGroup(ot, oScope, oTypes).equals(scalarGroup(ut, uScope, uTypes))) {
                    out.add(message("FIELD_SCALAR_KIND_CHANGED", where + " (" + ot + " -> " + ut + ")"));
                }
            }
            case MESSAGE -> {
                ProtoTypes.Named on = oTypes.resolve(ot, oScope);
                ProtoTypes.Named un = uTypes.resolve(ut, uScope);
                String ol = on == null ? ot : local(on);
                String ul = un == null ? ut : local(un);
                if (!ol.equals(ul)) {
                    out.add(message("FIELD_NAMED_TYPE_CHANGED", where + " (" + ol + " -> " + ul + ")"));
                }
            }
        }
    }

    private static Kind kind(String type, String scope, ProtoTypes types) {
        if (ProtoTypes.SCALARS.contains(type) || ProtoTypes.isEnum(types.resolve(type, scope))) {
            return Kind.SCALAR;
        }
        return Kind.MESSAGE;
    }

    private static String scalarGroup(String type, String scope, ProtoTypes types) {
        if (ProtoTypes.isEnum(types.resolve(type, scope))) {
            return "number";
        }
        return switch (type) {
            case "int32", "int64", "uint32", "uint64", "bool" -> "number";
            case "sint32", "sint64" -> "signed";
            case "string", "bytes" -> "string";
            case "fixed32", "sfixed32" -> "fixed32";
            case "fixed64", "sfixed64" -> "fixed64";
            default -> type;
        };
    }

    private static String message(String type, String where) {
        return "{errorType:'" + type + "', description:'Found incompatible change: " + type + " at " + where + "'}";
    }
}
