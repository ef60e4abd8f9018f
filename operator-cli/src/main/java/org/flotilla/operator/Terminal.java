package org.flotilla.operator;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether standard output is a terminal (for the redrawn status line of {@code jobs watch}). */
final class Terminal {

    private Terminal() {
    }

    static boolean isInteractive() {
        Console c = System.console();
        if (c == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        // Java 22+ returns a Console even when output is redirected; Console.isTerminal() tells.
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
