package org.iommuscope.app.whatif;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** At start: unsaved what-if work left by a crash or a kill is offered back, without blocking the start. */
public final class RecoveryOffer {
    private RecoveryOffer() {
    }

    /** Asks about the newest orphaned journal in the journal directory, if any; "Yes" hands it to {@code recover}. */
    public static void offer(Window owner, Consumer<Path> recover) {
        List<Path> orphans = Journal.orphans(Journal.defaultDir());
        if (orphans.isEmpty()) {
            return;
        }
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION,
                "iommuscope did not exit cleanly and left unsaved what-if work (" + orphans.size()
                        + " session(s)). Recover the newest?", ButtonType.YES, ButtonType.NO);
        ask.setHeaderText("Recover unsaved work?");
        ask.initOwner(owner);
        ask.getDialogPane().setId("recover-dialog");
        ask.resultProperty().addListener((o, was, answer) -> {
            if (answer == ButtonType.YES) {
                recover.accept(orphans.get(0));
            }
        });
        ask.show();
    }
}
