package org.iommuscope.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.iommuscope.engine.iommufd.Profile;
import org.junit.jupiter.api.Test;

class ProfileChoiceTest {

    @Test
    void aReleaseGetsTheNewestProfileNotNewerThanIt() {
        assertEquals(Profile.V6_6, ProfileChoice.forRelease("6.6.0").profile());
        assertEquals(Profile.V6_6, ProfileChoice.forRelease("6.10.14").profile(), "6.10 predates the replace fix");
        assertEquals(Profile.V6_15, ProfileChoice.forRelease("6.15.0-rc1").profile());
        assertEquals(Profile.V6_15, ProfileChoice.forRelease("6.17.2-arch1").profile());
    }

    /**
     * Debian's linux-source-6.12 6.12.118: iommufd_device_do_replace() checks iommufd_device_is_attached(). A
     * v6.12 profile (the 6.12 LTS as it stands) is its own; without one, v6.6 (the v6.6.0 release, before the fix)
     * would be the newest not newer, and the closest profile with the fix is taken instead.
     */
    @Test
    void a6_12StableWithTheBackportedReplaceFixGetsAProfileThatHasItAndSaysWhy() {
        ProfileChoice c = ProfileChoice.forRelease("6.12.118");
        Profile lts = Profile.byKey("v6.12");
        if (lts != null) {
            assertEquals(lts, c.profile(), c.why());
        } else {
            assertEquals(Profile.V6_15, c.profile());
            assertTrue(c.why().contains("Fail replace if device has not been attached") && c.why().contains("v6.6"), c.why());
        }
        ProfileChoice without = ProfileChoice.forRelease("6.12.118", java.util.List.of(Profile.V2_PATCH, Profile.V6_6, Profile.V6_15));
        assertEquals(Profile.V6_15, without.profile());
        assertTrue(without.why().contains("v6.6 (the newest profile not newer than it) lacks"), without.why());
    }

    @Test
    void anOldOrUnreadableReleaseStillGetsAProfile() {
        assertEquals(Profile.V6_6, ProfileChoice.forRelease("5.10.0").profile());
        // the newest profile: the enum lists them oldest first
        Profile newest = Profile.values()[Profile.values().length - 1];
        assertEquals(newest, ProfileChoice.forRelease("weird").profile());
        assertEquals(newest, ProfileChoice.forRelease(null).profile());
    }
}
