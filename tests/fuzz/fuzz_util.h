/* fuzz_util.h -- checks shared by the fuzz targets in tests/fuzz/.
 *
 * A target calls the parser and then checks the contract its header
 * promises (slices inside the input, caps respected, error reasons set).
 * A broken promise is reported on stderr and abort()s, which libFuzzer and
 * the standalone driver (driver.c) both treat as a crash with a reproducer.
 */
#ifndef WINNOW_FUZZ_UTIL_H
#define WINNOW_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond)                                                                          \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            fprintf(stderr, "%s:%d: contract check failed: %s\n", __FILE__, __LINE__, #cond);     \
            abort();                                                                              \
        }                                                                                         \
    } while (0)

/* Nonzero if the slice p[0..len) lies inside base[0..n). */
static inline int fuzz_inside(const void *p, size_t len, const void *base, size_t n) {
    uintptr_t a = (uintptr_t)p, b = (uintptr_t)base;
    return a >= b && a - b <= n && len <= n - (a - b);
}

/* Nonzero if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). NUL bytes count as valid. */
static inline int fuzz_utf8_valid(const char *str, size_t n) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            k = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            k = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3;
            min = 0x10000;
        } else {
            return 0;
        }
        if (n - i <= k) return 0;
        unsigned cp = c & (0x3Fu >> k);
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + j] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += k + 1;
    }
    return 1;
}

/* A cheap deterministic hash of the input, used to pick options so that a
 * seed needs no option prefix and the same bytes always take the same path. */
static inline uint32_t fuzz_hash(const uint8_t *d, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n && i < 64; i++) h = (h ^ d[i]) * 16777619u;
    return h ^ (uint32_t)n;
}

#endif
