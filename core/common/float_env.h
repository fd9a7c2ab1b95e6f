// SPDX-License-Identifier: MIT
// Floating-point environment of a training thread.
#pragma once

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#endif

namespace kdw {

// Flushes denormal floats to zero on the calling thread (MXCSR FTZ and DAZ), and restores the
// previous mode when it goes out of scope. Optimiser moments of parameters whose gradient is zero
// (dead ReLU units) decay geometrically into the denormal range, where every operation on them
// costs a microcode assist; training frameworks run with denormals flushed for that reason.
class FlushDenormals {
public:
    FlushDenormals()
    {
#if defined(__SSE__) || defined(__x86_64__)
        m_saved = _mm_getcsr();
        _mm_setcsr(m_saved | 0x8040U); // FTZ (bit 15) | DAZ (bit 6)
#endif
    }
    ~FlushDenormals()
    {
#if defined(__SSE__) || defined(__x86_64__)
        _mm_setcsr(m_saved);
#endif
    }
    FlushDenormals(const FlushDenormals&) = delete;
    FlushDenormals& operator=(const FlushDenormals&) = delete;

private:
    unsigned int m_saved = 0;
};

} // namespace kdw
