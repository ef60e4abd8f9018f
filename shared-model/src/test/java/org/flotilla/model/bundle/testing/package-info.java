/** Test helpers for bundles: jars compiled inside a test, signed with a test key. */
package org.flotilla.model.bundle.testing;
