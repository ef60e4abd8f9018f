/**
 * Numeric CSV files as labelled data: one example per line, one column holding an integer class
 * label, every other column a feature. See {@link org.flotilla.datasets.csv.CsvReader}.
 */
package org.flotilla.datasets.csv;
