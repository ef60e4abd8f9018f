/**
 * The protocol's vocabulary ({@code docs/protocol.md}), in one place for both programs: the URL
 * paths, the header names, the per-client settings an assignment may carry, the extra metrics an
 * update reports, and the reasons a client declines an assignment or the coordinator refuses an
 * answer. The coordinator and the edge client use these types and nothing else to meet; a test
 * checks the document against them.
 */
package org.flotilla.model.protocol;
