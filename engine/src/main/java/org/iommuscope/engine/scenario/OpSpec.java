package org.iommuscope.engine.scenario;

import java.util.Map;

/**
 * An op as the file wrote it: its name and arguments in file order (unmodifiable), handles unresolved (`as` is kept
 * on the step). A long trace holds one per step: the arguments are kept compactly ({@link ArgMap}).
 */
public record OpSpec(String name, Map<String, Arg> args) {

    public OpSpec {
        args = ArgMap.of(args);
    }

    public Arg arg(String key) {
        return args.get(key);
    }

    /** "attach: {dev: idev1, pt: ioas1}" — {@code as} included when given. */
    public String text(String as) {
        StringBuilder sb = new StringBuilder(name).append(": {");
        String sep = "";
        for (Map.Entry<String, Arg> e : args.entrySet()) {
            sb.append(sep).append(e.getKey()).append(": ").append(e.getValue().yaml());
            sep = ", ";
        }
        if (as != null) {
            sb.append(sep).append("as: ").append(as);
        }
        return sb.append('}').toString();
    }
}
