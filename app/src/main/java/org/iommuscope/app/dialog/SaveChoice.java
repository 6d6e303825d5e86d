package org.iommuscope.app.dialog;

/** The answer to "Save changes before closing?". */
public enum SaveChoice {
    SAVE, DONT_SAVE, CANCEL
}
