/**
 * The protocol's messages, as records (the future wire types of the coordinator's API), with a
 * stable, strict, bounded encoding: JSON for the small messages (keys, sealed shares, unmask
 * requests and answers) and a length-prefixed, CRC32C-checksummed binary format for masked
 * vectors. Decoders check every length and count against a bound before allocating, and fail
 * with a {@link org.flotilla.secagg.wire.MessageFormatException} naming the field and the limit.
 */
package org.flotilla.secagg.wire;
