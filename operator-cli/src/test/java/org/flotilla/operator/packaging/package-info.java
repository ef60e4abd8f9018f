/** The command line as the build packages it: the executable jar and the operator archive. */
package org.flotilla.operator.packaging;
