/** The JSON mapper both programs use for wire types and plans. */
package org.flotilla.model.json;
