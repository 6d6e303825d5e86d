package org.iommuscope.engine.scenario;

/**
 * One step of a scenario: an op (with its optional {@code as} and {@code expect}), a check, or a caption;
 * any of them may carry a {@code say}.
 *
 * @param line   1-based line of the step in its file (0 for a step that was never in a file)
 * @param op     the op, or null
 * @param as     the handle the op's returned object is bound to, or null
 * @param expect the expectation, or null for "ok"
 * @param say    the caption, or null
 * @param check  the check, or null
 */
public record ScenarioStep(int line, int column, OpSpec op, String as, Expectation expect, String say, CheckSpec check) {

    public static ScenarioStep op(OpSpec op, String as, Expectation expect, String say) {
        return new ScenarioStep(0, 0, op, as, expect, say, null);
    }

    public static ScenarioStep check(CheckSpec check, String say) {
        return new ScenarioStep(0, 0, null, null, null, say, check);
    }

    public static ScenarioStep caption(String say) {
        return new ScenarioStep(0, 0, null, null, null, say, null);
    }

    public boolean isOp() {
        return op != null;
    }

    public boolean isCheck() {
        return check != null;
    }

    /** A pause point in a demo that changes nothing. */
    public boolean isCaption() {
        return op == null && check == null;
    }

    /**
     * The step as a run's outcome writes it ({@link StepOutcome#text}): "attach: {dev: idev1, pt: ioas1, as: hwpt1}",
     * "check: {…}", "say: …"; made again when asked, for a long trace's log keeps no text per step.
     */
    public String text() {
        if (isCheck()) {
            return "check: " + ScenarioWriter.checkText(check);
        }
        if (isCaption()) {
            return "say: " + YamlText.scalar(say == null ? "" : say);
        }
        return op.text(as);
    }

    /** The expectation in force: an absent expect means ok. */
    public Expectation expectation() {
        return expect == null ? Expectation.OK : expect;
    }
}
