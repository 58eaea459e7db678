/* fuzz_http.c -- libFuzzer target for HTTP payload decoding (http.h) and
 * the bounded inflater under it (inflate.h).
 *
 * Every input goes through three doors:
 *   1. wn_http_parse_response, and on success wn_http_header lookups and
 *      wn_http_decode_body (de-chunk, then gzip/deflate) into a capped buffer;
 *   2. wn_http_dechunk on the whole input;
 *   3. wn_inflate on the whole input, in the mode picked from a hash.
 * Limits alternate between the defaults and small ones. Checked: header and
 * body slices lie inside the input, counts and lengths respect the limits,
 * and no output buffer passes its max.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "winnow/buf.h"
#include "winnow/http.h"
#include "winnow/inflate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {"content-type", "Content-Encoding", "TRANSFER-ENCODING", "content-length",
                                    "x-missing"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *p = (const char *)data;
    uint32_t h = fuzz_hash(data, size);
    wn_http_limits_t lim;
    wn_http_limits_init(&lim);
    size_t out_max = 1u << 20;
    if (h & 1u) {
        lim.max_headers = 1u + (h >> 1) % 8u;
        lim.max_header_line = 8u + (h >> 4) % 128u;
        lim.max_body = 64u + (h >> 11) % 4096u;
        out_max = lim.max_body;
    }

    /* 1. response parsing and body decoding */
    wn_http_response_t *r = malloc(sizeof *r); /* ~32 KiB: keep it off the stack */
    if (!r) return 0;
    memset(r, 0, sizeof *r);
    wn_status st = wn_http_parse_response(p, size, &lim, r);
    if (st == WN_OK) {
        FUZZ_CHECK(r->n_headers <= lim.max_headers);
        FUZZ_CHECK(r->n_headers <= WN_HTTP_MAX_HEADERS);
        FUZZ_CHECK(r->reason == NULL || fuzz_inside(r->reason, r->reason_len, p, size));
        for (size_t i = 0; i < r->n_headers; i++) {
            FUZZ_CHECK(fuzz_inside(r->headers[i].name, r->headers[i].name_len, p, size));
            FUZZ_CHECK(fuzz_inside(r->headers[i].value, r->headers[i].value_len, p, size));
            /* A folded (obs-fold) value may span several lines, so only the
             * name is held to the line cap. */
            FUZZ_CHECK(r->headers[i].name_len <= lim.max_header_line);
        }
        FUZZ_CHECK(r->body == NULL ? r->body_len == 0 : fuzz_inside(r->body, r->body_len, p, size));
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            size_t vlen = 0;
            const char *v = wn_http_header(r, names[i], &vlen);
            if (v) FUZZ_CHECK(fuzz_inside(v, vlen, p, size));
        }
        wn_buf_t body;
        wn_buf_init(&body, out_max);
        wn_status bst = wn_http_decode_body(r, &body);
        FUZZ_CHECK(body.len <= out_max);
        if (bst == WN_OK && body.data) FUZZ_CHECK(body.data[body.len] == '\0');
        wn_buf_free(&body);
    } else {
        FUZZ_CHECK(st == WN_ECORRUPT || st == WN_ETRUNCATED || st == WN_ETOOBIG);
    }
    free(r);

    /* 2. de-chunking on its own */
    wn_buf_t dc;
    wn_buf_init(&dc, out_max);
    wn_status dst = wn_http_dechunk(p, size, &dc);
    FUZZ_CHECK(dc.len <= out_max);
    if (dst == WN_OK) FUZZ_CHECK(dc.len <= size);
    wn_buf_free(&dc);

    /* 3. inflating on its own */
    wn_buf_t inf;
    wn_buf_init(&inf, out_max);
    wn_status ist = wn_inflate(p, size, (wn_inflate_mode)((h >> 3) % 3u), &inf);
    FUZZ_CHECK(inf.len <= out_max);
    FUZZ_CHECK(ist == WN_OK || ist == WN_ETOOBIG || ist == WN_ETRUNCATED || ist == WN_ECORRUPT ||
               ist == WN_ENOMEM);
    wn_buf_free(&inf);
    return 0;
}
