/**
 * The cost of isolation, measured (not asserted): {@link org.flotilla.bench.bundles.BundleBench}
 * compares the built-in training path with the same MLP trained through the example bundle in a
 * child JVM. How to run it: docs/code-bundles.md, "Cost of isolation".
 */
package org.flotilla.bench.bundles;
