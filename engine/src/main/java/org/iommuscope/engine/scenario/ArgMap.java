package org.iommuscope.engine.scenario;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An op's arguments in file order, unmodifiable, held as two arrays: a long trace has an op per step, and a
 * {@code LinkedHashMap} per step (a table, an entry per argument) was most of what its ops took. The keys' array is
 * shared by every op that writes the same keys in the same order. Equal to any map with the same entries.
 */
final class ArgMap extends AbstractMap<String, Arg> {
    private static final ArgMap EMPTY = new ArgMap(new String[0], new Arg[0]);
    /** The key arrays seen so far; a file's ops write a few dozen orders at most, so this stays small (and is capped). */
    private static final Map<List<String>, String[]> KEYS = new ConcurrentHashMap<>();
    private static final int MAX_KEY_ORDERS = 4_096;
    private final String[] keys;
    private final Arg[] values;

    private ArgMap(String[] keys, Arg[] values) {
        this.keys = keys;
        this.values = values;
    }

    static Map<String, Arg> of(Map<String, Arg> args) {
        if (args instanceof ArgMap m) {
            return m;
        }
        if (args.isEmpty()) {
            return EMPTY;
        }
        String[] k = new String[args.size()];
        Arg[] v = new Arg[k.length];
        int i = 0;
        for (Map.Entry<String, Arg> e : args.entrySet()) {
            k[i] = e.getKey();
            v[i++] = e.getValue();
        }
        return new ArgMap(shared(k), v);
    }

    private static String[] shared(String[] k) {
        if (Arrays.asList(k).contains(null)) {
            return k;
        }
        List<String> key = List.of(k);
        String[] known = KEYS.get(key);
        if (known != null) {
            return known;
        }
        if (KEYS.size() < MAX_KEY_ORDERS) {
            known = KEYS.putIfAbsent(key, k);
        }
        return known != null ? known : k;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Arg get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (Objects.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Map.Entry<String, Arg>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public Iterator<Map.Entry<String, Arg>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<String, Arg> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }
        };
    }
}
