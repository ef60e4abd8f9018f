/** Built-in network architectures, each matching a published FL baseline. */
package org.flotilla.model.zoo;
