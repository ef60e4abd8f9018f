/**
 * Tests of the {@code ./flotilla} launcher and its build functions ({@code scripts/build.sh}):
 * they run the real scripts with bash against temporary folders, a failing build step must show
 * its command, its last 30 lines and its log, and a built checkout must run without Maven.
 */
package org.flotilla.demo.launcher;
