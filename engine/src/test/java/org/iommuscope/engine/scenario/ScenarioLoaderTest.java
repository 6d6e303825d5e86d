package org.iommuscope.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.iommuscope.engine.hw.DeviceQuirk;
import org.iommuscope.engine.hw.DomainType;
import org.iommuscope.engine.hw.GroupSpec;
import org.iommuscope.engine.hw.Iommu;
import org.iommuscope.engine.hw.IommuCap;
import org.iommuscope.engine.hw.PciDevice;
import org.iommuscope.engine.hw.ReservedRegion;
import org.iommuscope.engine.hw.ResvType;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.iommufd.Profile;
import org.iommuscope.engine.iopt.IovaRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the loader makes of a file: the format's defaults, and a positioned message for each kind of mistake. */
class ScenarioLoaderTest {

    /** Lines 1-13; tests append steps from line 14 on. */
    static final String BASE = String.join("\n",
            "scenario: \"two functions\"",
            "topology:",
            "  iommus:",
            "    - name: dmar0",
            "  groups:",
            "    - id: 26",
            "      devices:",
            "        - name: \"0000:06:0d.0\"",
            "        - name: \"0000:06:0d.1\"",
            "steps:",
            "  - bind: {device: \"0000:06:0d.0\", as: idev1}",
            "  - ioas_alloc: {as: ioas1}",
            "  - attach: {dev: idev1, pt: ioas1, as: hwpt1}",
            "");

    static Scenario load(String text) throws ScenarioException {
        return ScenarioLoader.loadString(text, "t.yaml");
    }

    static List<String> errors(String text) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> load(text));
        return e.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    /** "t.yaml:LINE:COL: message" where COL is that of {@code token}'s first occurrence on line LINE of {@code text}. */
    static String at(String text, int line, String token, String message) {
        String l = text.split("\n", -1)[line - 1];
        int col = l.indexOf(token);
        assertTrue(col >= 0, () -> "'" + token + "' not on line " + line + ": " + l);
        return "t.yaml:" + line + ":" + (col + 1) + ": " + message;
    }

    static String onlyError(String text) {
        List<String> errors = errors(text);
        assertEquals(1, errors.size(), () -> String.join("\n", errors));
        return errors.get(0);
    }

    @Test
    void aMinimalFileGetsTheFormatsDefaults() throws ScenarioException {
        Scenario s = load("scenario: x\ntopology:\n  groups:\n    - id: 1\n      devices: [{name: d}]\nsteps: []\n");
        assertEquals(Profile.V6_15, s.profile());
        assertEquals(4096, s.topology().pageSize());
        assertEquals(List.of(new Iommu("iommu0", (1L << 12) | (1L << 21) | (1L << 30), 0, -1L, Set.of())), s.topology().iommus());
        GroupSpec g = s.topology().groups().get(0);
        assertEquals("iommu0", g.iommu());
        assertEquals(DomainType.DMA, g.defaultDomainType());
        assertEquals(new PciDevice("d", 1, "vfio-pci", List.of(), Set.of()), g.devices().get(0));
        assertEquals("", s.description());
        assertTrue(s.steps().isEmpty());
    }

    @Test
    void aFullTopologyIsReadAsWritten() throws ScenarioException {
        Scenario s = load(String.join("\n",
                "scenario: x",
                "kernel: v2-patch",
                "topology:",
                "  page_size: 4K",
                "  iommus:",
                "    - {name: a, page_sizes: [2K], aperture: [0x1000000, 0x7fffffff], caps: [nesting, dirty_tracking]}",
                "    - {name: b}",
                "  groups:",
                "    - id: 3",
                "      iommu: b",
                "      type: identity",
                "      devices:",
                "        - name: \"0000:00:1f.0\"",
                "          driver: lpc_ich",
                "          reserved: [{start: 0xfee00000, last: 0xfeefffff, type: msi}]",
                "          caps: [no_dirty]",
                "steps: []", ""));
        assertEquals(Profile.V2_PATCH, s.profile());
        assertEquals(new Iommu("a", 2048, 0x1000000, 0x7fffffff, Set.of(IommuCap.NESTING, IommuCap.DIRTY_TRACKING)),
                s.topology().iommus().get(0));
        GroupSpec g = s.topology().groups().get(0);
        assertEquals("b", g.iommu());
        assertEquals(DomainType.IDENTITY, g.defaultDomainType());
        assertEquals(new PciDevice("0000:00:1f.0", 3, "lpc_ich", List.of(new ReservedRegion(0xfee00000L, 0xfeefffffL, ResvType.MSI)),
                Set.of(DeviceQuirk.NO_DIRTY)), g.devices().get(0));
    }

    @Test
    void stepsKeepTheirOpAsExpectSayAndLine() throws ScenarioException {
        Scenario s = load(BASE + String.join("\n",
                "  - attach:",
                "      dev: idev1",
                "      pt: 0",
                "    expect: ENOENT",
                "    say: \"pt 0 is no object\"",
                "  - ioas_iova_ranges: {ioas: ioas1, max: 0}",
                "    expect: {errno: EMSGSIZE, ranges: [[0x1000, 8K]]}",
                "  - say: caption only",
                "  - check: {recorded: {idev1: none}}", ""));
        ScenarioStep bind = s.steps().get(0);
        assertEquals(11, bind.line());
        assertEquals("idev1", bind.as());
        assertEquals("bind: {device: \"0000:06:0d.0\", as: idev1}", bind.op().text(bind.as()));
        ScenarioStep attach = s.steps().get(3);
        assertEquals(14, attach.line());
        assertEquals(new Arg.Obj(Ref.raw(0)), attach.op().arg("pt"));
        assertEquals(new Expectation.Fails(Errno.ENOENT), attach.expect());
        assertEquals("pt 0 is no object", attach.say());
        Expectation.Outputs ranges = (Expectation.Outputs) s.steps().get(4).expect();
        assertEquals(Errno.EMSGSIZE, ranges.errno());
        assertEquals(new Arg.Ranges(List.of(new IovaRange(0x1000, 0x2000))), ranges.outputs().get("ranges"));
        assertTrue(s.steps().get(5).isCaption());
        assertTrue(s.steps().get(6).isCheck());
        assertNull(s.steps().get(2).expect());
    }

    @Test
    void asMaySitInTheStepOrInTheArguments() throws ScenarioException {
        Scenario s = load(BASE + "  - ioas_alloc:\n    as: ioas2\n  - destroy: {id: ioas2}\n");
        assertEquals("ioas2", s.steps().get(3).as());
    }

    @Test
    void aMisspeltStepKeyIsNamedWithTheNearestKey() {
        assertEquals("t.yaml:15:5: unknown key 'expcet' in a step (did you mean 'expect'?)",
                onlyError(BASE + "  - attach: {dev: idev1, pt: ioas1}\n    expcet: EINVAL\n"));
    }

    @Test
    void aMisspeltTopLevelKeyIsNamedWithTheNearestKey() {
        assertEquals("t.yaml:14:1: unknown key 'descripton' in the scenario file (did you mean 'description'?)",
                onlyError(BASE + "descripton: x\n"));
    }

    @Test
    void aMisspeltOpIsNamedWithTheNearestOp() {
        assertEquals("t.yaml:14:5: unknown op 'atach' (did you mean 'attach'?)", onlyError(BASE + "  - atach: {dev: idev1, pt: ioas1}\n"));
        assertEquals("t.yaml:14:5: unknown op 'hwpt' (did you mean 'hwpt_alloc'?)", onlyError(BASE + "  - hwpt: {dev: idev1, pt: ioas1}\n"));
    }

    @Test
    void anUnknownArgumentIsNamedWithTheNearestArgument() {
        String text = BASE + "  - ioas_map: {ioas: ioas1, lenght: 4K}\n";
        assertEquals(List.of("t.yaml:14:5: ioas_map needs 'length'",
                at(text, 14, "lenght", "unknown key 'lenght' in ioas_map's arguments (did you mean 'length'?)")), errors(text));
    }

    @Test
    void aMissingArgumentIsReportedAtTheOp() {
        assertEquals("t.yaml:14:5: attach needs 'pt'", onlyError(BASE + "  - attach: {dev: idev1}\n"));
        assertEquals("t.yaml:14:5: ioas_unmap needs 'iova' and 'length', or 'all: true'",
                onlyError(BASE + "  - ioas_unmap: {ioas: ioas1, iova: 0}\n"));
        assertEquals("t.yaml:14:5: dma needs 'device' (a topology name) or 'dev' (a handle)", onlyError(BASE + "  - dma: {iova: 0}\n"));
    }

    @Test
    void aValueOfTheWrongTypeIsReportedAtTheValue() {
        String list = BASE + "  - ioas_map: {ioas: ioas1, length: [4K]}\n";
        assertEquals(at(list, 14, "[4K]", "length must be a number, not a list"), onlyError(list));
        assertEquals("t.yaml:10:8: steps must be a list, not a mapping", onlyError(BASE.substring(0, BASE.indexOf("steps:")) + "steps: {a: 1}\n"));
        assertEquals("t.yaml:14:5: a step must be a mapping, not 'bind'", onlyError(BASE + "  - bind\n"));
    }

    @Test
    void anUndefinedHandleIsNamedWithTheNearestBoundOne() {
        String typo = BASE + "  - attach: {dev: idev2, pt: ioas1}\n";
        assertEquals(at(typo, 14, "idev2", "undefined handle 'idev2' (did you mean 'idev1'?)"), onlyError(typo));
        String early = BASE + "  - destroy: {id: later}\n  - ioas_alloc: {as: later}\n";
        assertEquals(at(early, 14, "later", "undefined handle 'later' (a handle is bound by an earlier step's 'as')"), onlyError(early));
    }

    @Test
    void anUnknownDeviceIsNamedWithTheNearestDevice() {
        String text = BASE + "  - bind: {device: \"0000:06:0d.2\"}\n";
        assertEquals(at(text, 14, "\"0000", "no device '0000:06:0d.2' in the topology (did you mean '0000:06:0d.0'?)"), onlyError(text));
    }

    @Test
    void aDuplicateDeviceNameIsReportedWithTheFirstOne() {
        String text = BASE.replace("0000:06:0d.1", "0000:06:0d.0");
        assertEquals(at(text, 9, "\"0000", "duplicate device name '0000:06:0d.0' (first at line 8)"), onlyError(text));
    }

    @Test
    void aDuplicateGroupIdIsReportedWithTheFirstOne() {
        String twoGroups = BASE.replace("        - name: \"0000:06:0d.1\"\n", "    - id: 26\n      devices: [{name: other}]\n");
        assertEquals("t.yaml:9:7: duplicate group id 26 (first at line 6)", onlyError(twoGroups));
    }

    @Test
    void anUnknownIommuIsNamedWithTheNearestIommu() {
        String text = BASE.replace("    - id: 26\n", "    - id: 26\n      iommu: dmar1\n");
        assertEquals(at(text, 7, "dmar1", "unknown iommu 'dmar1' (did you mean 'dmar0'?)"), onlyError(text));
    }

    @Test
    void aBadNumberSaysWhatIsWrongWithIt() {
        String junk = BASE + "  - ioas_map: {ioas: ioas1, length: 12Q}\n";
        assertEquals(at(junk, 14, "12Q", "length: '12Q' is not a number (decimal, 0x hex, or a size such as 4K, 2M, 1G)"), onlyError(junk));
        String huge = BASE + "  - ioas_map: {ioas: ioas1, length: \"18446744073709551616\"}\n";
        assertEquals(at(huge, 14, "\"1844", "length: '18446744073709551616' does not fit in 64 bits (the largest is 0xffffffffffffffff)"),
                onlyError(huge));
        String negative = BASE + "  - ioas_map: {ioas: ioas1, length: -1}\n";
        assertEquals(at(negative, 14, "-1", "length: '-1' is negative; numbers are unsigned"), onlyError(negative));
    }

    @Test
    void badEnumValuesAreNamedWithTheNearestValue() {
        assertNearest(BASE + "  - ioas_map: {ioas: ioas1, length: 4K, perm: wr}\n", 14, "wr", "perm: unknown value 'wr' (did you mean 'rw'?)");
        assertNearest(BASE + "  - dma: {dev: idev1, iova: 0, access: wrte}\n", 14, "wrte", "access: unknown value 'wrte' (did you mean 'write'?)");
        assertNearest(BASE + "  - hwpt_alloc: {dev: idev1, pt: ioas1, flags: [nest-parent]}\n", 14, "nest-parent",
                "flags: unknown value 'nest-parent' (did you mean 'nest_parent'?)");
        assertNearest(BASE + "  - detach: {dev: idev1}\n    expect: EINVALL\n", 15, "EINVALL",
                "expect: unknown outcome 'EINVALL' (did you mean 'EINVAL'?)");
        assertNearest(BASE + "  - detach: {dev: idev1}\n    expect: {errno: EPRM}\n", 15, "EPRM",
                "errno: unknown value 'EPRM' (did you mean 'EPERM'?)");
        assertNearest(BASE + "kernel: v6.16\n", 14, "v6.16", "kernel: unknown value 'v6.16' (did you mean 'v6.15'?)");
        assertNearest(BASE + "  - check: {user: {idev1: 2}}\n", 14, "user", "unknown key 'user' in a check (did you mean 'users'?)");
        assertNearest(BASE.replace("- name: dmar0", "- {name: dmar0, caps: [nested]}"), 4, "nested",
                "an iommu's caps: unknown value 'nested' (did you mean 'nesting'?)");
        assertNearest(BASE.replace("    - id: 26\n", "    - id: 26\n      type: identiy\n"), 7, "identiy",
                "a group's type: unknown value 'identiy' (did you mean 'identity'?)");
    }

    private static void assertNearest(String text, int line, String token, String message) {
        assertEquals(at(text, line, token, message), onlyError(text));
    }

    @Test
    void badTopologyEnumsAndReservedTypesAreReported() {
        String withDeviceExtras = BASE.replace("        - name: \"0000:06:0d.1\"",
                "        - {name: \"0000:06:0d.1\", caps: [no-dirty], reserved: [{start: 0, last: 0xfff, type: sw_msi}]}");
        List<String> errors = errors(withDeviceExtras);
        assertEquals(List.of(
                at(withDeviceExtras, 9, "no-dirty", "a device's caps: unknown value 'no-dirty' (did you mean 'no_dirty'?)"),
                at(withDeviceExtras, 9, "sw_msi", "a reserved region's type: unknown value 'sw_msi' (did you mean 'sw-msi'?)")), errors);
    }

    @Test
    void aStepHasAtMostOneOpAndAsOnlyWhereAnObjectIsReturned() {
        String two = BASE + "  - {unbind: {dev: idev1}, detach: {dev: idev1}}\n";
        assertEquals(at(two, 14, "detach", "a step has at most one op: 'detach' follows 'unbind'"), onlyError(two));
        String as = BASE + "  - detach: {dev: idev1, as: x}\n";
        assertEquals(at(as, 14, "as:", "'as' binds the object an op returns; detach returns none"), onlyError(as));
        assertEquals("t.yaml:14:5: 'expect' needs an op in the same step", onlyError(BASE + "  - expect: EINVAL\n"));
        assertEquals("t.yaml:15:13: expect: 'fault' is the outcome of a dma; detach cannot fault",
                onlyError(BASE + "  - detach: {dev: idev1}\n    expect: fault\n"));
    }

    @Test
    void checksNameGroupsOfTheTopologyAndBoundHandles() {
        assertNearest(BASE + "  - check: {group_domain: {27: blocking}}\n", 14, "27", "group_domain: no group 27 in the topology (did you mean '26'?)");
        assertNearest(BASE + "  - check: {group_domain: {26: hwpt2}}\n", 14, "hwpt2", "undefined handle 'hwpt2' (did you mean 'hwpt1'?)");
        assertNearest(BASE + "  - check: {recorded: {idev1: hwpt3}}\n", 14, "hwpt3", "undefined handle 'hwpt3' (did you mean 'hwpt1'?)");
    }

    @Test
    void everyErrorOfAFileIsReportedAtOnceInFileOrder() {
        String text = BASE.replace("- name: dmar0", "- name: dmar0\n      page_size: 4K") + String.join("\n",
                "  - atach: {dev: idev1, pt: ioas1}",
                "  - ioas_map: {ioas: ioas9, length: 4Q}",
                "  - check: {gone: [hwpt1], exist: [ioas1]}",
                "");
        assertEquals(List.of(
                "t.yaml:5:7: unknown key 'page_size' in an iommu (did you mean 'page_sizes'?)",
                "t.yaml:15:5: unknown op 'atach' (did you mean 'attach'?)",
                at(text, 16, "ioas9", "undefined handle 'ioas9' (did you mean 'ioas1'?)"),
                at(text, 16, "4Q", "length: '4Q' is not a number (decimal, 0x hex, or a size such as 4K, 2M, 1G)"),
                at(text, 17, "exist:", "unknown key 'exist' in a check (did you mean 'exists'?)")), errors(text));
    }

    @Test
    void yamlSyntaxErrorsCarryTheParsersPosition() {
        String error = onlyError(BASE + "  - attach: {dev: idev1, pt: ioas1\n");
        assertTrue(error.startsWith("t.yaml:15:1: YAML: "), error);
        String dup = BASE + "  - ioas_alloc: {as: a, as: b}\n";
        assertEquals(at(dup, 14, "as: b", "duplicate key 'as' (first at line 14)"), onlyError(dup));
    }

    static Stream<Arguments> misspeltKeys() {
        return Stream.of(
                Arguments.of("topology: {pagesize: 4K}", "pagesize", "topology", "page_size"),
                Arguments.of("topology: {iommus: [{name: a, apperture: [0, 1]}]}", "apperture", "an iommu", "aperture"),
                Arguments.of("topology: {groups: [{id: 1, device: [{name: d}]}]}", "device", "a group", "devices"),
                Arguments.of("topology: {groups: [{id: 1, devices: [{name: d, drvier: x}]}]}", "drvier", "a device", "driver"),
                Arguments.of("topology: {groups: [{id: 1, devices: [{name: d, reserved: [{start: 0, lsat: 1, type: msi}]}]}]}",
                        "lsat", "a reserved region", "last"),
                Arguments.of("topology: {}\nsteps: [{ioas_alloc: {as: a}, expect: {ids: 1}}]", "ids", "the outputs of ioas_alloc", "id"));
    }

    @ParameterizedTest(name = "{1} in {2}")
    @MethodSource("misspeltKeys")
    void anUnknownKeyIsRefusedAtEveryLevel(String yaml, String key, String where, String nearest) {
        String text = "scenario: x\n" + yaml + (yaml.contains("steps:") ? "\n" : "\nsteps: []\n");
        String error = errors(text).stream().filter(m -> m.contains("'" + key + "'")).findFirst().orElseThrow();
        assertTrue(error.endsWith("unknown key '" + key + "' in " + where + " (did you mean '" + nearest + "'?)"), error);
    }

    @Test
    void aBlankDeviceNameIsRefused() {
        assertEquals("t.yaml:8:17: a device's name must not be blank", onlyError(BASE.replace("\"0000:06:0d.0\"\n", "\" \"\n")
                .replace("  - bind: {device: \"0000:06:0d.0\", as: idev1}", "  - bind: {device: \"0000:06:0d.1\", as: idev1}")));
    }

    @Test
    void anEmptyFileIsRefused() {
        assertEquals("t.yaml:1:1: the file is empty: a scenario needs 'scenario', 'topology' and 'steps'", onlyError("# nothing\n"));
    }
}
