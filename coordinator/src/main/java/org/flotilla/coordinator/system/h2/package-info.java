/**
 * Durable commits on the embedded H2 database. H2 2.x writes a committed transaction to its file
 * in the background after up to {@code WRITE_DELAY} (500 ms) and never fsyncs on commit; the
 * coordinator's URL sets {@code WRITE_DELAY=0} (the commit writes its chunk before it returns) and
 * the data source here runs H2's {@code CHECKPOINT SYNC} (flush, then {@code FileChannel.force})
 * after every commit, so a 2xx is only sent once the change is on stable storage. Several
 * concurrent commits share one sync (group commit). See {@code docs/coordinator.md}, "Durability".
 */
package org.flotilla.coordinator.system.h2;
