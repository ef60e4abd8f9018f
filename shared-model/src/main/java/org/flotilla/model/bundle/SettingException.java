package org.flotilla.model.bundle;

/**
 * A setting given to a program is missing or out of its range; the device declines the round as
 * an invalid plan, naming the setting and the range.
 */
public final class SettingException extends IllegalArgumentException {

    public SettingException(String message) {
        super(message);
    }
}
