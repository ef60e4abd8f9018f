/**
 * The device's local data as the client uses it: opened once from a data spec through the
 * datasets module's {@code LocalData}, and checked against each plan before training (a data set
 * whose shape does not fit the plan makes the client decline with {@code DATA_SHAPE_MISMATCH}).
 */
package org.flotilla.edge.data;
