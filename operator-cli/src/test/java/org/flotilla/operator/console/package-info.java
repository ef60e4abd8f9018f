/**
 * The coordinator's live console ({@code coordinator/src/main/resources/static}) tested in a real
 * browser: headless Chromium driven by Selenium against a real coordinator running a real job.
 */
package org.flotilla.operator.console;
