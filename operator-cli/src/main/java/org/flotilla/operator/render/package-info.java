/** Plain-text output: aligned tables, number and time formats, the progress bar of {@code jobs watch}. */
package org.flotilla.operator.render;
