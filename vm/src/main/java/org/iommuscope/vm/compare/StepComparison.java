package org.iommuscope.vm.compare;

/**
 * One step, compared.
 *
 * @param step   the step's number, from 1
 * @param line   its line in the file
 * @param text   the step as written
 * @param kernel what the kernel answered ("" when nothing ran there)
 * @param engine what the engine answered ("" for a check or caption)
 * @param note   why the verdict is what it is, when that needs words (the known difference's reason, what
 *               cannot be observed, the engine's reason for an errno it gave and the kernel did not)
 */
public record StepComparison(int step, int line, String text, Verdict verdict, String kernel, String engine, String note) {
}
