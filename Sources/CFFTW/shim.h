#ifndef CABLEFORM_CFFTW_SHIM_H
#define CABLEFORM_CFFTW_SHIM_H
// Keep fftw_complex a plain `double[2]` (a (Double, Double) tuple in Swift)
// even when another header has pulled in <complex.h>.
#define FFTW_NO_Complex 1
#include <fftw3.h>
#endif
