package org.iommuscope.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.iommuscope.engine.Snapshot;
import org.iommuscope.engine.errno.Errno;
import org.iommuscope.engine.iommufd.Profile;
import org.junit.jupiter.api.Test;

/** Running a scenario: expectations, handles, checks and invariants, step by step, never an exception. */
class ScenarioRunnerTest {

    static ScenarioRun run(String steps) throws ScenarioException {
        return ScenarioRunner.run(ScenarioLoaderTest.load(ScenarioLoaderTest.BASE + steps));
    }

    static StepOutcome last(ScenarioRun run) {
        return run.outcomes().get(run.outcomes().size() - 1);
    }

    @Test
    void theBaseStepsPassAndReturnTheIdsOfTheFormatsExamples() throws ScenarioException {
        ScenarioRun run = run("");
        assertTrue(run.passed(), () -> ScenarioFiles.report(run));
        assertEquals("ok {pt_id: 3}", run.outcomes().get(2).actual());
        assertEquals("attach: {dev: idev1, pt: ioas1, as: hwpt1}", run.outcomes().get(2).text());
        assertEquals(13, run.outcomes().get(2).line());
        assertNotNull(run.outcomes().get(2).engineStep());
        assertSame(run.outcomes().get(2).engineStep().after(), run.finalState());
    }

    @Test
    void anUnmetExpectationSaysWhatWasExpectedAndWhatHappened() throws ScenarioException {
        ScenarioRun run = run("  - hwpt_alloc: {dev: idev1, pt: ioas1, as: hwpt2}\n  - bind: {device: \"0000:06:0d.1\", as: idev2}\n"
                + "  - attach: {dev: idev2, pt: hwpt2}\n");
        StepOutcome attach = last(run);
        assertFalse(run.passed());
        assertEquals(List.of(attach), run.failures());
        assertEquals(16, attach.line());
        assertEquals("ok", attach.expected());
        assertTrue(attach.actual().startsWith("EINVAL"), attach.actual());
        assertTrue(attach.problems().get(0).startsWith("expected ok, got EINVAL"), attach.problems().toString());
        assertEquals(Errno.EINVAL, attach.engineStep().result().errno());
    }

    @Test
    void anIdOutputComparesWithTheObjectOfAHandle() throws ScenarioException {
        ScenarioRun run = run("  - bind: {device: \"0000:06:0d.1\", as: idev2}\n  - attach: {dev: idev2, pt: ioas1}\n    expect: {pt_id: hwpt1}\n"
                + "  - attach: {dev: idev2, pt: ioas1}\n    expect: {pt_id: ioas1}\n");
        assertTrue(run.outcomes().get(4).passed());
        assertEquals(List.of("pt_id is hwpt1 (3), expected ioas1 (2)"), last(run).problems());
    }

    @Test
    void aFailingCallsOutputsAreCompared() throws ScenarioException {
        ScenarioRun run = run("  - ioas_iova_ranges: {ioas: ioas1, max: 0}\n    expect: {errno: EMSGSIZE, ranges: []}\n"
                + "  - ioas_iova_ranges: {ioas: ioas1}\n    expect: {ranges: [[0, 0xffffffffffffffff]], alignment: 4K}\n"
                + "  - ioas_iova_ranges: {ioas: ioas1}\n    expect: {ranges: [[0, 0xfff]]}\n");
        assertTrue(run.outcomes().get(3).passed(), () -> ScenarioFiles.report(run));
        assertTrue(run.outcomes().get(4).passed(), () -> ScenarioFiles.report(run));
        assertEquals(List.of("ranges are [[0x0, 0xffffffffffffffff]], expected [[0x0, 0xfff]]"), last(run).problems());
    }

    @Test
    void aHandleWhoseOpFailedFailsEachLaterUseWithTheReason() throws ScenarioException {
        ScenarioRun run = run("  - bind: {device: \"0000:06:0d.0\", as: again}\n    expect: any\n  - unbind: {dev: again}\n");
        assertTrue(run.outcomes().get(3).passed());
        StepOutcome unbind = last(run);
        assertEquals("not run", unbind.actual());
        assertNull(unbind.engineStep());
        assertEquals(List.of("handle 'again' is not bound: the step at line 14 that binds it failed (EINVAL)"), unbind.problems());
        assertSame(run.outcomes().get(3).after(), unbind.after());
    }

    @Test
    void aDestroyedObjectsHandleStillPassesItsStaleId() throws ScenarioException {
        ScenarioRun run = run("  - detach: {dev: idev1}\n  - destroy: {id: hwpt1}\n    expect: ENOENT\n  - check: {gone: [hwpt1]}\n");
        assertTrue(run.passed(), () -> ScenarioFiles.report(run));
    }

    @Test
    void aHandleStaysGoneWhenItsIdIsReused() throws ScenarioException {
        ScenarioRun run = run("  - detach: {dev: idev1}\n  - ioas_alloc: {as: reuse}\n    expect: {id: 3}\n"
                + "  - check: {gone: [hwpt1], exists: [reuse], users: {reuse: 1}}\n  - check: {users: {hwpt1: 1}}\n");
        assertTrue(run.outcomes().get(5).passed(), () -> ScenarioFiles.report(run));
        assertEquals(List.of("users: hwpt1 is gone (object 3 was destroyed; its ID now names another object)"), last(run).problems());
    }

    @Test
    void aCheckReportsEachAssertionThatDoesNotHold() throws ScenarioException {
        ScenarioRun run = run("  - bind: {device: \"0000:06:0d.1\", as: idev2}\n  - check:\n      group_domain: {26: blocking}\n"
                + "      implicit: []\n      recorded: {idev1: none, idev2: none}\n      attached: {hwpt1: [idev1, idev2]}\n"
                + "      users: {hwpt1: 2, ioas1: 9}\n      exists: [hwpt1]\n      gone: [idev2]\n"
                + "      areas: {ioas1: [[0, 0xfff]]}\n");
        StepOutcome check = last(run);
        assertEquals("check", check.kind());
        assertNull(check.engineStep());
        assertEquals(List.of(
                "group_domain of group 26 is hwpt hwpt1 (3), expected blocking",
                "implicit is [idev2 (4)], expected []",
                "recorded of idev1 is hwpt hwpt1 (3), expected none",
                "attached to hwpt1 is [idev1 (1)], expected [idev1 (1), idev2 (4)]",
                "users of ioas1 is 2, expected 9",
                "idev2 still exists (object 4)",
                "areas of ioas1 are [], expected [[0x0, 0xfff]]"), check.problems());
    }

    @Test
    void aCheckThatHoldsPasses() throws ScenarioException {
        ScenarioRun run = run("  - bind: {device: \"0000:06:0d.1\", as: idev2}\n  - check:\n      group_domain: {26: hwpt1}\n"
                + "      implicit: [idev2]\n      diverged: []\n      recorded: {idev1: hwpt1, idev2: none}\n"
                + "      attached: {hwpt1: [idev1]}\n      users: {hwpt1: 2, ioas1: 2, idev1: 3, idev2: 2}\n      exists: [hwpt1, 3]\n"
                + "      gone: [9]\n      areas: {ioas1: []}\n    say: all holds\n");
        assertTrue(run.passed(), () -> ScenarioFiles.report(run));
        assertEquals("as expected", last(run).actual());
    }

    @Test
    void theProfileOverrideRunsTheSameFileUnderOtherSemantics() throws ScenarioException {
        Scenario s = ScenarioLoader.load(ScenarioFiles.SELFTEST.resolve("multi_group_replace_unattached.yaml"));
        assertTrue(ScenarioRunner.run(s).passed());
        ScenarioRun old = ScenarioRunner.run(s, Profile.V6_6);
        assertEquals(Profile.V6_6, old.profile());
        StepOutcome first = old.failures().get(0);
        assertEquals("replace", first.kind());
        assertEquals("EINVAL", first.expected());
        assertTrue(first.actual().startsWith("ok"), first.actual());
    }

    @Test
    void theV2PatchDivergenceIsNoInvariantFailure() throws ScenarioException {
        ScenarioRun run = ScenarioRunner.run(ScenarioLoaderTest.load(ScenarioLoaderTest.BASE.replace("steps:", "kernel: v2-patch\nsteps:")
                + "  - detach: {dev: idev1}\n  - hwpt_alloc: {dev: idev1, pt: ioas1, as: hwpt_a}\n"
                + "  - hwpt_alloc: {dev: idev1, pt: ioas1, as: hwpt_b}\n  - attach: {dev: idev1, pt: hwpt_a}\n"
                + "  - bind: {device: \"0000:06:0d.1\", as: idev2}\n  - attach: {dev: idev2, pt: hwpt_a}\n"
                + "  - replace: {dev: idev1, pt: hwpt_b}\n"
                + "  - check: {diverged: [idev2], recorded: {idev2: hwpt_a}, group_domain: {26: hwpt_b}}\n"));
        assertTrue(run.passed(), () -> ScenarioFiles.report(run));
    }

    @Test
    void anyExpectationPassesWhateverHappens() throws ScenarioException {
        ScenarioRun run = run("  - destroy: {id: 77}\n    expect: any\n  - dma: {device: \"0000:06:0d.1\", iova: 0}\n    expect: fault\n");
        assertTrue(run.passed(), () -> ScenarioFiles.report(run));
        assertTrue(last(run).actual().startsWith("fault"), last(run).actual());
    }

    @Test
    void aRunnerCanBeFedStepByStepForAWhatIfSession() throws ScenarioException {
        Scenario s = ScenarioLoaderTest.load(ScenarioLoaderTest.BASE);
        ScenarioRunner runner = new ScenarioRunner(s, null);
        for (ScenarioStep step : s.steps()) {
            assertTrue(runner.step(step).passed());
        }
        ScenarioStep detach = ScenarioStep.op(new OpSpec("detach", Map.of("dev", new Arg.Obj(Ref.handle("idev1")))), null, null, "what if");
        StepOutcome o = runner.step(detach);
        assertTrue(o.passed(), o.problems()::toString);
        assertEquals(3, o.index());
        assertSame(o.after(), runner.state());
        assertEquals("blocking", new Snapshot(runner.state()).groupDomainLabel(26));
    }
}
