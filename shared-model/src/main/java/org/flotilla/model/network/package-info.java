/**
 * Turning a plan into a DL4J network, and moving its parameters in and out as flat vectors; the
 * checks a plan passes before DL4J reads it (the class list of {@link org.flotilla.model.network.PlanClasses})
 * and what its network costs before it is built ({@link org.flotilla.model.network.NetworkFootprint}).
 */
package org.flotilla.model.network;
