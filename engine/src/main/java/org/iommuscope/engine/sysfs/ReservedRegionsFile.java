package org.iommuscope.engine.sysfs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;

/**
 * A group's {@code reserved_regions}: one line per merged region, "0x%016llx 0x%016llx %s" (start, inclusive
 * end, type), as iommu_group_show_resv_regions() prints it.
 */
final class ReservedRegionsFile {
    private static final Pattern LINE = Pattern.compile("0x([0-9a-fA-F]{1,16}) 0x([0-9a-fA-F]{1,16}) (\\S+)");
    /** The x86 interrupt window (IOAPIC/MSI address range), which Intel and AMD IOMMUs report as hardware MSI. */
    static final long X86_MSI_START = 0xfee00000L;
    static final long X86_MSI_LAST = 0xfeefffffL;

    private ReservedRegionsFile() {
    }

    /** The regions of the file; each line that is not one is reported and left out. */
    static List<ReservedRegion> parse(String text, String where, Consumer<ImportWarning> warn) {
        List<ReservedRegion> out = new ArrayList<>();
        String[] lines = text.replace("\0", "").split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                warn.accept(new ImportWarning(where, "reserved_regions line " + (i + 1) + " '" + shorten(line)
                        + "' is not 'start end type': skipped"));
                continue;
            }
            long start = Long.parseUnsignedLong(m.group(1), 16);
            long last = Long.parseUnsignedLong(m.group(2), 16);
            ResvType type = type(m.group(3), start, last);
            if (type == null) {
                warn.accept(new ImportWarning(where, "reserved_regions line " + (i + 1) + ": unknown type '" + shorten(m.group(3))
                        + "' (direct, direct-relaxable, reserved, msi): skipped"));
            } else if (Long.compareUnsigned(start, last) > 0) {
                warn.accept(new ImportWarning(where, "reserved_regions line " + (i + 1) + ": start " + m.group(1) + " is above end "
                        + m.group(2) + ": skipped"));
            } else {
                out.add(new ReservedRegion(start, last, type));
            }
        }
        return out;
    }

    /**
     * sysfs prints IOMMU_RESV_MSI and IOMMU_RESV_SW_MSI both as "msi" (iommu_resv_type_names). The hardware
     * window of x86 is MSI; anywhere else it is the software window an SMMU driver asks for (MSI_IOVA_BASE).
     */
    private static ResvType type(String name, long start, long last) {
        return switch (name) {
            case "direct" -> ResvType.DIRECT;
            case "direct-relaxable" -> ResvType.DIRECT_RELAXABLE;
            case "reserved" -> ResvType.RESERVED;
            case "msi" -> start == X86_MSI_START && last == X86_MSI_LAST ? ResvType.MSI : ResvType.SW_MSI;
            default -> null;
        };
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
