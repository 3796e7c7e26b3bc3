// CChecksum: the one kernel CableForm writes in C, because Swift cannot
// compile a single function for a CPU feature the build's target lacks.
//
// CRC-32 (the zlib/PNG/gzip polynomial 0x04C11DB7, bit-reflected) folded
// with carry-less multiplication (x86-64 PCLMULQDQ, or VPCLMULQDQ on 256-bit
// registers), chosen at run time.
// The caller keeps the table-driven CRC for what the fold leaves over and
// for machines without the instruction (see CRC32.swift in CableForm).
#ifndef CABLEFORM_CCHECKSUM_H
#define CABLEFORM_CCHECKSUM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Which folds this machine can run: 0 none; 1 `cableform_crc32_fold`
/// (x86-64 with PCLMULQDQ and SSE4.1); 2 also `cableform_crc32_fold_wide`
/// (VPCLMULQDQ and AVX2, with the OS saving the 256-bit registers). Asks the
/// CPU (`cpuid`) on every call, which is slow on a virtual machine: call it
/// once and keep the answer.
int cableform_crc32_fold_support(void);

/// Folds the leading multiple of 16 bytes of `data` (`count` bytes) into a
/// 128-bit remainder that has the same CRC as those bytes.
///
/// `crc_register` is the CRC register before `data`, i.e. the bitwise NOT of
/// the CRC of what came before (0xFFFFFFFF at the start of a message). On
/// return the 16 bytes at `folded` are such that the CRC register after `data`'s
/// first N bytes (N the return value) equals the register after feeding
/// `folded` to a table-driven CRC starting from register 0. The remaining
/// `count - N` bytes (fewer than 16) are the caller's to feed after them.
///
/// Returns N, a multiple of 16; 0 (and `folded` untouched) when `count` is
/// below 64. No alignment is required. Only call it when
/// `cableform_crc32_fold_support()` is at least 1: on an x86-64 CPU without
/// the instructions it would fault (on other architectures it returns 0).
size_t cableform_crc32_fold(const void *data, size_t count, uint32_t crc_register, void *folded);

/// `cableform_crc32_fold` on 256-bit registers, 128 bytes a step (about
/// twice as fast where the CPU has VPCLMULQDQ); the same contract, with
/// inputs under 256 bytes handed to the 128-bit fold. Only call it when
/// `cableform_crc32_fold_support()` is 2.
size_t cableform_crc32_fold_wide(const void *data, size_t count, uint32_t crc_register, void *folded);

#ifdef __cplusplus
}
#endif

#endif
