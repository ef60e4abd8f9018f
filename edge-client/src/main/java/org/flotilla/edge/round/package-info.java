/**
 * One assignment from check-in to acknowledgement: fetch the plan and the weights (cached, by
 * hash), check the local data against the plan, then either train, build the update and its
 * aggregate metrics, keep it in {@code pending/} and upload it with retries ({@code TRAIN}), or
 * evaluate the weights on the local held-out split and report the aggregate figures with retries
 * ({@code EVALUATE}); or decline the assignment with a reason the coordinator shows to operators.
 */
package org.flotilla.edge.round;
