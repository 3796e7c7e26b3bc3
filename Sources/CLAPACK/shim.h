#ifndef CABLEFORM_CLAPACK_SHIM_H
#define CABLEFORM_CLAPACK_SHIM_H
// Debian's reference LAPACK (liblapack-dev) ships no C header, so the Fortran
// symbols used by CableForm are declared here. gfortran ABI: every argument
// by pointer, 32-bit INTEGER (LP64), and one hidden trailing `size_t` length
// per CHARACTER argument (size_t since gfortran 8). Omitting the hidden
// lengths is undefined behaviour.
#include <stddef.h>

typedef int cf_lapack_int;

/// Minimum-norm least squares by divide-and-conquer SVD.
void dgelsd_(const cf_lapack_int *m, const cf_lapack_int *n, const cf_lapack_int *nrhs,
             double *a, const cf_lapack_int *lda, double *b, const cf_lapack_int *ldb,
             double *s, const double *rcond, cf_lapack_int *rank,
             double *work, const cf_lapack_int *lwork, cf_lapack_int *iwork,
             cf_lapack_int *info);

/// Least squares by QR or LQ; `trans` is a CHARACTER*1, hence `trans_len`.
void dgels_(const char *trans, const cf_lapack_int *m, const cf_lapack_int *n,
            const cf_lapack_int *nrhs, double *a, const cf_lapack_int *lda,
            double *b, const cf_lapack_int *ldb, double *work,
            const cf_lapack_int *lwork, cf_lapack_int *info, size_t trans_len);
#endif
