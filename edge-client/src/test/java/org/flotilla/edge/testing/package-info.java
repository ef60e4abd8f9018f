/** Test support: generated data, plans, and a fake coordinator speaking the HTTP protocol. */
package org.flotilla.edge.testing;
