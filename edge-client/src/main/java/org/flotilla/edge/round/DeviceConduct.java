package org.flotilla.edge.round;

import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.training.TrainingResult;
import org.flotilla.model.wire.Assignment;

/**
 * How a device behaves around the protocol: when it is online, whether it vanishes after an
 * assignment, how slow it is. A real device has no such hooks ({@link #NONE}); the simulator's
 * virtual clients use them to model heterogeneous populations while every protocol step stays the
 * edge client's own. Methods are called on the client's own thread and may block (honouring
 * {@code stop}).
 */
public interface DeviceConduct {

    /** A device that behaves as it is: always online, never drops out, no added delay. */
    DeviceConduct NONE = new DeviceConduct() {
    };

    /** Called before every check-in; may wait until the device is online again. */
    default void beforeCheckIn(StopSignal stop) {
    }

    /**
     * Whether the device drops out after receiving {@code a}: it then says nothing more about it
     * (no update, no decline), as a device that lost power or network would.
     */
    default boolean dropsOut(Assignment a) {
        return false;
    }

    /**
     * Called after local training of {@code a} finished and its training lane was given back,
     * before the update is sent; may wait to model a slower device.
     */
    default void afterTraining(Assignment a, TrainingResult result, StopSignal stop) {
    }
}
