package org.iommuscope.vm.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.iommuscope.vm.runner.RunnerLine;
import org.junit.jupiter.api.Test;

/** The data port's text, as the 6.12.118 VM sent it for the seed thread (runner lines verbatim). */
class VmOutputTest {
    static final String CAPTURE = Base64.getEncoder().encodeToString("tar bytes".getBytes(StandardCharsets.US_ASCII));

    static final String SEED = """
            === boot uptime=2.02 release=6.12.118
            === drivers 1
            0000:00:02.0 ok driver=vfio-pci
            0000:00:02.1 ok driver=vfio-pci
            === capture
            %s
            === capture-end
            === steps 1 uptime=2.40
            2 ok id=1
            7 ok id=5
            12 ok pt_id=6
            15 ok iova=0x100000000
            16 fault access=read record=[DMA_Read_NO_PASID]_Request_device_[00:02.1]_fault_addr_0x100000000_[fault_reason_0x06]_PTE_Read_access_is_not_set
            20 ok access=write dd=1
            21 ok
            === end 1 rc=0 uptime=2.72
            === steps 2 uptime=2.80
            3 err EMSGSIZE num=2 alignment=0x1000 ranges=0x0-0xfedfffff
            4 err ENODEV via=runner
            5 skip replace-unattached
            """.formatted(CAPTURE);

    @Test
    void bootCaptureAndEachScenariosLinesAreReadAndAnUnfinishedRunIsKept() {
        VmOutput o = VmOutput.parse(SEED);
        assertEquals("6.12.118", o.release());
        assertEquals(2.02, o.initUptime(), 1e-9);
        assertArrayEquals("tar bytes".getBytes(StandardCharsets.US_ASCII), o.capture());
        assertFalse(o.done(), "no '=== done': the VM stopped early");
        assertEquals(2, o.scenarios().size());
        VmOutput.Scenario first = o.scenarios().get(0);
        assertEquals(List.of("0000:00:02.0 ok driver=vfio-pci", "0000:00:02.1 ok driver=vfio-pci"), first.drivers());
        assertEquals(0.32, first.guestSeconds(), 1e-9);
        assertEquals(0, first.rc());
        RunnerLine fault = first.line(16).orElseThrow();
        assertEquals(RunnerLine.Outcome.FAULT, fault.outcome());
        assertTrue(fault.outputs().get("record").contains("fault_reason_0x06"));
        assertEquals("6", first.line(12).orElseThrow().outputs().get("pt_id"));
        VmOutput.Scenario second = o.scenarios().get(1);
        assertEquals(null, second.rc());
        RunnerLine emsgsize = second.line(3).orElseThrow();
        assertEquals("EMSGSIZE", emsgsize.errno());
        assertEquals("0x0-0xfedfffff", emsgsize.outputs().get("ranges"));
        assertTrue(second.line(4).orElseThrow().viaRunner());
        assertFalse(second.line(4).orElseThrow().outputs().containsKey("via"));
        assertEquals("replace-unattached", second.line(5).orElseThrow().reason());
    }

    @Test
    void aStrayLineIsNotAResult() {
        assertTrue(RunnerLine.parse("[    9.11] DMAR: DRHD: handling fault status reg 2").isEmpty());
        assertTrue(RunnerLine.parse("12 maybe").isEmpty());
    }
}
