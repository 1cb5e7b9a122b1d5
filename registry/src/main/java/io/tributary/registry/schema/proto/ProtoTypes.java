package io.tributary.registry.schema.proto;

import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named types (messages and enums) of a {@code .proto} file and of the files it imports, by full name
 * ({@code package.Outer.Inner}), and the resolution of a field's type name from the message that declares it,
 * as protoc resolves it: innermost scope first. Immutable once built.
 */
final class ProtoTypes {

    static final Set<String> SCALARS = Set.of("double", "float", "int32", "int64", "uint32", "uint64", "sint32",
            "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes");

    /** A message's field, with the oneof it belongs to (null if none). */
    record Field(FieldElement element, String oneOf) {}

    /** A named type and the package of the file declaring it. */
    record Named(String fullName, String packageName, TypeElement element) {}

    private final Map<String, Named> types = new LinkedHashMap<>();
    private final Map<String, Named> ownMessages = new LinkedHashMap<>();

    /** Adds the types of {@code file}; {@code own} for the schema itself (its messages are compared). */
    void add(ProtoFileElement file, boolean own) {
        String pkg = file.getPackageName() == null ? "" : file.getPackageName();
        for (TypeElement t : file.getTypes()) {
            add(pkg, pkg, t, own);
        }
    }

    private void add(String pkg, String scope, TypeElement t, boolean own) {
        String full = scope.isEmpty() ? t.getName() : scope + "." + t.getName();
        Named named = new Named(full, pkg, t);
        types.put(full, named);
        if (own && t instanceof MessageElement) {
            ownMessages.put(full, named);
        }
        for (TypeElement nested : t.getNestedTypes()) {
            add(pkg, full, nested, own);
        }
    }

    /** The schema's own messages (nested ones included) by full name. */
    Map<String, Named> ownMessages() {
        return ownMessages;
    }

    /** The type {@code name} refers to from inside {@code scope} (a message's full name); null if none. */
    Named resolve(String name, String scope) {
        if (name.startsWith(".")) {
            return types.get(name.substring(1));
        }
        String s = scope;
        while (true) {
            Named found = types.get(s.isEmpty() ? name : s + "." + name);
            if (found != null) {
                return found;
            }
            if (s.isEmpty()) {
                return null;
            }
            int dot = s.lastIndexOf('.');
            s = dot < 0 ? "" : s.substring(0, dot);
        }
    }

    static boolean isEnum(Named n) {
        return n != null && n.element() instanceof EnumElement;
    }

    /** Every field of a message, those of its oneofs included. */
    static List<Field> fields(MessageElement m) {
        List<Field> out = new ArrayList<>();
        m.getFields().forEach(f -> out.add(new Field(f, null)));
        for (OneOfElement o : m.getOneOfs()) {
            o.getFields().forEach(f -> out.add(new Field(f, o.getName())));
        }
        return out;
    }

    /** The key and value types of {@code map<K, V>}, or null for another type. */
    static String[] mapTypes(String type) {
        String t = type.replace(" ", "");
        if (!t.startsWith("map<") || !t.endsWith(">")) {
            return null;
        }
        String inner = t.substring(4, t.length() - 1);
        int comma = inner.indexOf(',');
        return comma < 0 ? null : new String[] {inner.substring(0, comma), inner.substring(comma + 1)};
    }
}
