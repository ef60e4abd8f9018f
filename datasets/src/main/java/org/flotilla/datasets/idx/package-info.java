/**
 * The IDX file format of the MNIST family: a header ({@code 0x00 0x00}, an element-type code, a
 * dimension count, one big-endian 32-bit size per dimension) followed by the elements, big-endian.
 * {@link org.flotilla.datasets.idx.IdxReader} reads plain or gzip files (recognised by content,
 * not by name) and checks every length; {@link org.flotilla.datasets.idx.IdxWriter} writes them.
 *
 * @see <a href="http://yann.lecun.com/exdb/mnist/">The MNIST database (format description)</a>
 */
package org.flotilla.datasets.idx;
