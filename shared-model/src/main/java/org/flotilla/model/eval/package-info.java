/** Evaluating a network on local or server-side data: accuracy, loss and a confusion matrix. */
package org.flotilla.model.eval;
