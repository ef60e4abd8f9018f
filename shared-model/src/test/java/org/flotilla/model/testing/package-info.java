/**
 * Test fixtures other modules' tests share through this module's test jar: a certificate
 * authority made in the test ({@link org.flotilla.model.testing.TestCa}) for HTTPS tests.
 */
package org.flotilla.model.testing;
