/**
 * The crash-consistency harness: the built coordinator runs as a separate process on loopback;
 * protocol clients ({@link org.flotilla.crash.Device}) drive it over HTTP; a {@link
 * org.flotilla.crash.Campaign} SIGKILLs it at chosen points ({@link org.flotilla.crash.KillPoint}),
 * restarts it on the same data directory and checks with a {@link org.flotilla.crash.Ledger} that
 * every acknowledged change survived, that nothing half-written is visible, that jobs run to
 * completion and that an interrupted round is aggregated exactly once. In the spirit of Jepsen
 * (Kingsbury, jepsen.io) and of ALICE (Pillai et al., "All File Systems Are Not Created Equal",
 * OSDI 2014): durability is shown by killing, not argued.
 */
package org.flotilla.crash;
