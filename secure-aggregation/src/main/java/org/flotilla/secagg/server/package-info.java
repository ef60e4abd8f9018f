/**
 * The server's side of SecAgg+ as a pure state machine, one {@link
 * org.flotilla.secagg.server.ServerSession} per round: collect keys, route sealed shares, sum
 * masked vectors as they arrive (memory O(model), never an unmasked individual update), ask the
 * survivors for the shares it needs, reconstruct, remove the masks and dequantize. Closing a
 * phase returns a value: proceed, or a {@link org.flotilla.secagg.server.RoundFailure} naming how
 * many were needed.
 */
package org.flotilla.secagg.server;
