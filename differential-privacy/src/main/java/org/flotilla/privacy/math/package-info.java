/**
 * Numerics the accountant needs and the JDK lacks: addition and subtraction in log space and the
 * complementary error function with its logarithm, accurate far into the tails.
 */
package org.flotilla.privacy.math;
