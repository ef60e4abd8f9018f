/**
 * The client's side of SecAgg+ as a pure state machine, one {@link
 * org.flotilla.secagg.client.ClientSession} per client per round: advertise keys → share keys →
 * masked input → unmask. Every step returns a value (a message to send, or an abort with a
 * reason), and the whole state is a serializable {@link org.flotilla.secagg.client.ClientState}
 * the edge client persists before it sends, so a restart inside a round resumes it.
 */
package org.flotilla.secagg.client;
