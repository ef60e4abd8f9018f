package org.flotilla.model.bundle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * "Please stop": raised by the host when the device stops or the round is withdrawn. Programs poll
 * {@link #isRequested()} at batch boundaries or register a callback, e.g. to raise a training
 * library's own stop signal. Never cleared.
 */
public final class StopFlag {

    private volatile boolean requested;
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    /** Whether a stop was requested. */
    public boolean isRequested() {
        return requested;
    }

    /** Runs {@code callback} once when the flag is raised (at once if it already is). */
    public void onRequest(Runnable callback) {
        callbacks.add(callback);
        if (requested && callbacks.remove(callback)) {
            callback.run();
        }
    }

    /** Raises the flag and runs the callbacks (each once). */
    public void request() {
        requested = true;
        for (Runnable r : callbacks) {
            if (callbacks.remove(r)) {
                r.run();
            }
        }
    }
}
