package org.iommuscope.vm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iommuscope.engine.iommufd.Profile;

/**
 * Which engine profile models a kernel, from its {@code uname -r}: the newest profile whose release is not newer
 * than the kernel's. One backport moves the choice: "iommufd: Fail replace if device has not been attached"
 * (55c85fa7579d, v6.15-rc1) reached the stable branches, and a profile without it (v6.6 is the v6.6.0 release
 * exactly) does not model a kernel that has it; the closest profile that has it is taken instead, and the
 * choice says so.
 *
 * @param why one sentence for the report
 */
public record ProfileChoice(Profile profile, String why) {

    /** A kernel release: "6.12.118", "6.15.0-rc1", "6.12.118-amd64". */
    public record Release(int major, int minor, int sublevel, String text) implements Comparable<Release> {
        private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

        public static Release parse(String text) {
            Matcher m = FORM.matcher(text.strip());
            if (!m.matches()) {
                return null;
            }
            return new Release(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), text.strip());
        }

        @Override
        public int compareTo(Release o) {
            return Comparator.comparingInt(Release::major).thenComparingInt(Release::minor).thenComparingInt(Release::sublevel)
                    .compare(this, o);
        }
    }

    /**
     * Stable releases known to carry the replace fix, each from its source: 6.12.118 (Debian's linux-source-6.12
     * 6.12.118: iommufd_device_do_replace() checks iommufd_device_is_attached()). Mainline has it from 6.15.
     */
    private static final List<Release> REPLACE_FIX_STABLE = List.of(new Release(6, 12, 118, "6.12.118"));

    static boolean hasReplaceFix(Release r) {
        if (r.compareTo(new Release(6, 15, 0, "6.15")) >= 0) {
            return true;
        }
        return REPLACE_FIX_STABLE.stream().anyMatch(s -> s.major() == r.major() && s.minor() == r.minor() && r.sublevel() >= s.sublevel());
    }

    /** The release a profile models, from its key ("v6.15" → 6.15.0); null for the v2 patch, which no release has. */
    static Release release(Profile p) {
        return p.key().startsWith("v") && !p.key().equals("v2-patch") ? Release.parse(p.key().substring(1)) : null;
    }

    /** Whether the profile refuses replace of an unattached device: every released profile except v6.6. */
    static boolean profileHasReplaceFix(Profile p) {
        return release(p) != null && !p.key().equals("v6.6");
    }

    public static ProfileChoice forRelease(String unameR) {
        return forRelease(unameR, List.of(Profile.values()));
    }

    static ProfileChoice forRelease(String unameR, List<Profile> profiles) {
        Release r = Release.parse(unameR == null ? "" : unameR);
        List<Profile> released = new ArrayList<>(profiles.stream().filter(p -> release(p) != null).toList());
        released.sort(Comparator.comparing(ProfileChoice::release));
        Profile newest = released.get(released.size() - 1);
        if (r == null) {
            return new ProfileChoice(newest, "the kernel's release '" + unameR + "' is not x.y.z: the newest profile, " + newest);
        }
        Profile pick = null;
        for (Profile p : released) {
            if (release(p).compareTo(r) <= 0) {
                pick = p;
            }
        }
        if (pick == null) {
            Profile oldest = released.get(0);
            return new ProfileChoice(oldest, r.text() + " is older than every profile: the oldest, " + oldest);
        }
        if (hasReplaceFix(r) && !profileHasReplaceFix(pick)) {
            for (Profile p : released) {
                if (profileHasReplaceFix(p)) {
                    return new ProfileChoice(p, r.text() + " has the backported fix \"iommufd: Fail replace if device has not been attached\", which "
                            + pick + " (the newest profile not newer than it) lacks: " + p + " is the closest profile with it");
                }
            }
        }
        return new ProfileChoice(pick, pick + " is the newest profile not newer than " + r.text());
    }
}
