/**
 * One assignment from check-in to acknowledgement: fetch the plan and the weights (cached, by
 * hash), check the local data against the plan, train, build the update and its aggregate
 * metrics, keep it in {@code pending/} and upload it with retries; or decline the assignment with
 * a reason the coordinator shows to operators.
 */
package org.flotilla.edge.round;
