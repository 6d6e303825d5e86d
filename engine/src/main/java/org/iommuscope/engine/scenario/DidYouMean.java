package org.iommuscope.engine.scenario;

import java.util.Collection;
import java.util.Locale;

/**
 * The nearest valid name for a misspelt one: edit distance at most 2 (ties go to the same length, then to the
 * longer shared prefix), else the longest common prefix of 3 or more.
 */
final class DidYouMean {
    /** Longer names get no suggestion: the distance is quadratic in the length, and a file may be hostile. */
    private static final int MAX_NAME = 100;

    private DidYouMean() {
    }

    /** " (did you mean 'x'?)", or "" when nothing is near. */
    static String hint(String typed, Collection<String> candidates) {
        String best = nearest(typed, candidates);
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    static String nearest(String typed, Collection<String> candidates) {
        if (typed.length() > MAX_NAME) {
            return null;
        }
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            int d = lc.length() > MAX_NAME ? 3 : distance(t, lc, 3);
            if (d >= 3) {
                continue;
            }
            // equally near: a same-length slip ("wr" for "rw", "v6.16" for "v6.15") beats a dropped or extra
            // character, then the longer shared prefix wins
            int score = d * 1_000_000 + Math.abs(t.length() - lc.length()) * 1_000 - Math.min(commonPrefix(t, lc), 999);
            if (score < bestScore) {
                best = c;
                bestScore = score;
            }
        }
        if (best != null) {
            return best;
        }
        int bestPrefix = 2;
        for (String c : candidates) {
            int p = commonPrefix(t, c.toLowerCase(Locale.ROOT));
            if (p > bestPrefix) {
                best = c;
                bestPrefix = p;
            }
        }
        return best;
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /**
     * Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment: "expcet"
     * is one slip from "expect"), or {@code cap} as soon as it cannot be below it (names can be long and hostile).
     */
    static int distance(String a, String b, int cap) {
        if (Math.abs(a.length() - b.length()) >= cap) {
            return cap;
        }
        int[] before = new int[b.length() + 1];
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int d = Math.min(prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1), Math.min(prev[j] + 1, cur[j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, before[j - 2] + 1);
                }
                cur[j] = d;
                rowMin = Math.min(rowMin, d);
            }
            if (rowMin >= cap) {
                return cap;
            }
            int[] recycled = before;
            before = prev;
            prev = cur;
            cur = recycled;
        }
        return Math.min(prev[b.length()], cap);
    }
}
