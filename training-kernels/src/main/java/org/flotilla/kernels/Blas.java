package org.flotilla.kernels;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Single-precision GEMM on native memory, column-major, through the OpenBLAS that ND4J itself
 * links (one JNI call, no array objects or checks per call). A row-major {@code [rows, cols]}
 * array is read here as its column-major transpose {@code [cols, rows]}.
 */
final class Blas {

    private Blas() {
    }

    /** {@code C = alpha · op(A) · op(B) + beta · C}, all column-major; {@code C} is {@code m × n}. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatPointer a, int lda,
                     FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        openblas_nolapack.cblas_sgemm(CblasColMajor, transA ? CblasTrans : CblasNoTrans,
                transB ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /** {@code y = alpha · A · x + beta · y}, {@code A} column-major {@code m × n}, unit strides. */
    static void gemv(int m, int n, float alpha, FloatPointer a, int lda, FloatPointer x, float beta, FloatPointer y) {
        openblas_nolapack.cblas_sgemv(CblasColMajor, CblasNoTrans, m, n, alpha, a, lda, x, 1, beta, y, 1);
    }
}
