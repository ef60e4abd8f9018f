package org.flotilla.datasets.partition;

import java.util.Arrays;

/** Argument checks and label bookkeeping the partitioners share. */
final class Partitions {

    private Partitions() {
    }

    /** Checks labels, classes and clients, and that each client can get {@code minPerClient} examples. */
    static void check(int[] labels, int numClasses, int clients, int minPerClient) {
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        if (clients < 1) {
            throw new IllegalArgumentException("the number of clients must be at least 1, was " + clients);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, was " + numClasses);
        }
        if ((long) clients * minPerClient > labels.length) {
            throw new IllegalArgumentException(clients + " clients with at least " + minPerClient
                    + " example(s) each need " + (long) clients * minPerClient + " examples, the data set has "
                    + labels.length + "; use fewer clients");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside [0, "
                        + numClasses + ")");
            }
        }
    }

    /** All indices sorted by label, ties in index order (a stable counting sort). */
    static int[] sortedByLabel(int[] labels, int numClasses) {
        int[] sorted = new int[labels.length];
        int position = 0;
        for (int[] classIndices : indicesByClass(labels, numClasses)) {
            System.arraycopy(classIndices, 0, sorted, position, classIndices.length);
            position += classIndices.length;
        }
        return sorted;
    }

    /** For each class, the indices of its examples in ascending order. */
    static int[][] indicesByClass(int[] labels, int numClasses) {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        int[][] byClass = new int[numClasses][];
        for (int k = 0; k < numClasses; k++) {
            byClass[k] = new int[counts[k]];
        }
        int[] filled = new int[numClasses];
        for (int i = 0; i < labels.length; i++) {
            byClass[labels[i]][filled[labels[i]]++] = i;
        }
        return byClass;
    }

    /** A growable int array. */
    static final class IntList {
        private int[] values = new int[16];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
