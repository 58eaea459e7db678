/* fuzz_charset.c -- libFuzzer target for charset detection and conversion
 * (charset.h: wn_charset_decode, wn_charset_canonical).
 *
 * Input layout: if it starts with "ct=", the text up to the first newline
 * is the HTTP Content-Type value and the rest is the page; otherwise the
 * whole input is the page and the Content-Type is NULL. The page is copied
 * into a buffer with a NUL after it, because the contract lets the result
 * point into the input when it already is UTF-8.
 * Checked: the result is NUL-terminated, valid UTF-8, inside the input or
 * the arena's output, and the charset name is a NUL-terminated string.
 * The first line is also fed to wn_charset_canonical as a label.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "winnow/charset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *in = (const char *)data;
    size_t n = size;
    char ct[256];
    const char *ctp = NULL;
    if (n >= 3 && memcmp(in, "ct=", 3) == 0) {
        const char *nl = memchr(in, '\n', n);
        size_t l = nl ? (size_t)(nl - in) - 3 : n - 3;
        if (l >= sizeof ct) l = sizeof ct - 1;
        memcpy(ct, in + 3, l);
        ct[l] = '\0';
        ctp = ct;
        const char *canon = wn_charset_canonical(in + 3, l);
        if (canon) FUZZ_CHECK(strlen(canon) < 40);
        size_t skip = nl ? (size_t)(nl - in) + 1 : n;
        in += skip;
        n -= skip;
    }
    char *copy = malloc(n + 1);
    if (!copy) return 0;
    if (n) memcpy(copy, in, n);
    copy[n] = '\0';

    wn_charset_t *cs = wn_charset_new();
    wn_arena_t *a = wn_arena_new(64u * 1024u * 1024u);
    if (!cs || !a) goto out;
    const char *out = NULL;
    size_t out_len = 0;
    wn_charset_info_t info;
    memset(&info, 0x55, sizeof info); /* the decoder must fill it */
    wn_status st = wn_charset_decode(cs, a, copy, n, ctp, &out, &out_len, &info);
    if (st == WN_OK) {
        FUZZ_CHECK(out != NULL);
        FUZZ_CHECK(out[out_len] == '\0');
        FUZZ_CHECK(memchr(info.name, '\0', sizeof info.name) != NULL);
        FUZZ_CHECK((unsigned)info.source <= (unsigned)WN_CS_DEFAULT);
        FUZZ_CHECK(fuzz_utf8_valid(out, out_len));
        if (fuzz_inside(out, out_len, copy, n)) FUZZ_CHECK(out_len <= n);
    } else {
        FUZZ_CHECK(st == WN_ENOMEM);
    }
    /* Decode a second time with the same decoder: cached state must not leak
     * from one page into the next. */
    wn_arena_reset(a);
    const char *out2 = NULL;
    size_t out2_len = 0;
    wn_status st2 = wn_charset_decode(cs, a, copy, n, ctp, &out2, &out2_len, NULL);
    FUZZ_CHECK(st2 == st);
    if (st2 == WN_OK) FUZZ_CHECK(out2_len == out_len);
out:
    wn_arena_destroy(&a);
    wn_charset_destroy(&cs);
    free(copy);
    return 0;
}
