package org.iommuscope.engine.sysfs;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.IommuCap;

/**
 * An Intel VT-d unit's capability and extended capability registers, as sysfs shows them
 * ({@code /sys/class/iommu/dmarN/intel-iommu/cap} and {@code ecap}, "%llx"), and what the 6.12 driver
 * makes of them for the domains iommufd allocates (drivers/iommu/intel/iommu.c, iommu.h).
 *
 * <p>Scalable mode is taken as the hardware offers it ({@code ecap.SMTS}); {@code intel_iommu=sm_off} or a
 * kernel built without CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON would turn it off, which sysfs does not show.
 */
public record VtdRegisters(long cap, long ecap) {
    /** MAX_AGAW_WIDTH */
    private static final int MAX_AGAW_WIDTH = 64;
    /** DEFAULT_DOMAIN_ADDRESS_WIDTH */
    private static final int DEFAULT_DOMAIN_ADDRESS_WIDTH = 57;
    private static final int LEVEL_STRIDE = 9;

    /** The two attribute files' text; null when either is not a hex number. */
    public static VtdRegisters parse(String capText, String ecapText) {
        try {
            return new VtdRegisters(Long.parseUnsignedLong(strip(capText), 16), Long.parseUnsignedLong(strip(ecapText), 16));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String strip(String s) {
        String t = s.replace("\0", "").strip().toLowerCase(Locale.ROOT);
        return t.startsWith("0x") ? t.substring(2) : t;
    }

    private long bits(long reg, int shift, long mask) {
        return (reg >>> shift) & mask;
    }

    /** cap_mgaw() */
    int mgaw() {
        return (int) bits(cap, 16, 0x3f) + 1;
    }

    /** sm_supported(), with intel_iommu_sm on */
    boolean scalableMode() {
        return bits(ecap, 43, 1) != 0;
    }

    /** __iommu_calculate_sagaw() */
    private long sagaw() {
        long fl = (1L << 2) | (bits(cap, 60, 1) != 0 ? 1L << 3 : 0);
        long sl = bits(cap, 8, 0x1f);
        if (!scalableMode() || bits(ecap, 47, 1) == 0) {
            return sl;
        }
        if (bits(ecap, 46, 1) == 0) {
            return fl;
        }
        return fl & sl;
    }

    /** iommu_calculate_agaw(): the largest supported AGAW not wider than DEFAULT_DOMAIN_ADDRESS_WIDTH; -1 for none. */
    int agaw() {
        long sagaw = sagaw();
        for (int agaw = (DEFAULT_DOMAIN_ADDRESS_WIDTH - 30 + LEVEL_STRIDE - 1) / LEVEL_STRIDE; agaw >= 0; agaw--) {
            if ((sagaw & (1L << agaw)) != 0) {
                return agaw;
            }
        }
        return -1;
    }

    /** paging_domain_alloc(dev, false): gaw = min(agaw_to_width(iommu->agaw), cap_mgaw()). */
    public int domainAddressWidth() {
        int width = Math.min(30 + agaw() * LEVEL_STRIDE, MAX_AGAW_WIDTH);
        return Math.min(width, mgaw());
    }

    /** geometry.aperture_end of a second-stage domain (iommufd's user domains never use first stage): __DOMAIN_MAX_ADDR(gaw). */
    public long apertureLast() {
        int gaw = domainAddressWidth();
        return gaw >= 64 ? -1L : (1L << gaw) - 1;
    }

    /** SZ_4K | domain_super_pgsize_bitmap(): fls(cap_super_page_val()) levels of super pages. */
    public long pgsizeBitmap() {
        long sllps = bits(cap, 34, 0xf);
        int levels = 64 - Long.numberOfLeadingZeros(sllps);
        long bitmap = 1L << 12;
        if (levels == 1) {
            bitmap |= 1L << 21;
        } else if (levels >= 2) {
            bitmap |= (1L << 21) | (1L << 30);
        }
        return bitmap;
    }

    /** nested_supported(), ssads_supported(), pasid_supported(). */
    public Set<IommuCap> caps() {
        Set<IommuCap> caps = EnumSet.noneOf(IommuCap.class);
        if (scalableMode() && bits(ecap, 26, 1) != 0) {
            caps.add(IommuCap.NESTING);
        }
        if (scalableMode() && bits(ecap, 45, 1) != 0 && bits(ecap, 48, 1) != 0) {
            caps.add(IommuCap.DIRTY_TRACKING);
        }
        if (scalableMode() && bits(ecap, 40, 1) != 0) {
            caps.add(IommuCap.PASID);
        }
        return caps;
    }

    /** The unit as the engine models it. */
    public Iommu iommu(String name) {
        return new Iommu(name, pgsizeBitmap(), 0, apertureLast(), caps());
    }
}
