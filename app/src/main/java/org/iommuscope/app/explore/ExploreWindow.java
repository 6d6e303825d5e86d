package org.iommuscope.app.explore;

import java.util.List;
import java.util.function.BiConsumer;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.iommuscope.engine.hw.Topology;

/** The Explore view in a window of its own, next to the main one; its viewer is closed with it. */
public final class ExploreWindow {
    private final Stage stage = new Stage();
    private final ExploreView view;

    /** @param onSend the groups chosen and the node ids selected, for the main canvas */
    public ExploreWindow(Window owner, String title, Topology topology, BiConsumer<List<Integer>, List<String>> onSend) {
        view = new ExploreView(new ExploreGraph(topology), g -> { });
        view.setOnSend(groups -> onSend.accept(groups, List.copyOf(view.selection())));
        Scene scene = new Scene(view, 1280, 860);
        stage.setScene(scene);
        stage.setTitle("Explore — " + title);
        if (owner != null) {
            stage.setX(owner.getX() + 40);
            stage.setY(owner.getY() + 40);
        }
        stage.setOnHidden(e -> view.close());
    }

    public void show() {
        stage.show();
    }

    /** Closes the window and stops GraphStream's threads. */
    public void close() {
        stage.close();
        view.close();
    }

    public ExploreView view() {
        return view;
    }

    public Stage stage() {
        return stage;
    }
}
