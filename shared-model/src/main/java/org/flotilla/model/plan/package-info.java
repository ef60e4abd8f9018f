/**
 * Training plans: the program (a DL4J network configuration) and the hyper-parameters that
 * the coordinator ships to clients, and their validation.
 */
package org.flotilla.model.plan;
