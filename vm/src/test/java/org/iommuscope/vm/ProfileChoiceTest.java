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

    /** Debian's linux-source-6.12 6.12.118: iommufd_device_do_replace() checks iommufd_device_is_attached(). */
    @Test
    void a6_12StableWithTheBackportedReplaceFixGetsTheClosestProfileThatHasItAndSaysWhy() {
        ProfileChoice c = ProfileChoice.forRelease("6.12.118");
        assertEquals(Profile.V6_15, c.profile());
        assertTrue(c.why().contains("Fail replace if device has not been attached") && c.why().contains("v6.6"), c.why());
    }

    @Test
    void anOldOrUnreadableReleaseStillGetsAProfile() {
        assertEquals(Profile.V6_6, ProfileChoice.forRelease("5.10.0").profile());
        assertEquals(Profile.V6_15, ProfileChoice.forRelease("weird").profile());
        assertEquals(Profile.V6_15, ProfileChoice.forRelease(null).profile());
    }
}
