/* winnow/http.h -- parse an HTTP/1.x response as archived or fetched, and
 * decode its body (chunked transfer-encoding, gzip/deflate/br content-encoding).
 *
 * In the manner of picohttpparser: parsing takes (buf, len), allocates
 * nothing, and returns slices into the caller's buffer. Every count and
 * length an input controls is bounded by wn_http_limits_t.
 */
#ifndef WINNOW_HTTP_H
#define WINNOW_HTTP_H

#include <stddef.h>

#include "winnow/buf.h"
#include "winnow/status.h"

typedef struct wn_http_header {
    const char *name; /* slices into the parsed buffer, not NUL-terminated */
    size_t name_len;
    const char *value;
    size_t value_len;
} wn_http_header_t;

typedef struct wn_http_limits {
    size_t max_headers;     /* default 256 */
    size_t max_header_line; /* default 64 KiB */
    size_t max_body;        /* decoded (de-chunked, inflated) body cap, default 64 MiB */
} wn_http_limits_t;

#define WN_HTTP_MAX_HEADERS 1024 /* hard ceiling on max_headers */

typedef struct wn_http_response {
    int status;           /* e.g. 200 */
    int major_version;    /* 1, or 2 for "HTTP/2 200" as some archivers write it */
    int minor_version;    /* the x of HTTP/1.x (0 for HTTP/2) */
    const char *reason;   /* slice */
    size_t reason_len;
    wn_http_header_t headers[WN_HTTP_MAX_HEADERS];
    size_t n_headers;
    const char *body;     /* slice: the raw body as transferred (maybe chunked/compressed) */
    size_t body_len;
    char error[160];      /* after a failed parse: why, e.g. "300 headers exceed the limit of 256" */
} wn_http_response_t;

/* Fills `lim` with the defaults above. */
WN_EXPORT void wn_http_limits_init(wn_http_limits_t *lim);

/* Parses status line and headers of p[0..n); the rest is the body. Returns
 * WN_OK, WN_ECORRUPT (not an HTTP response), WN_ETRUNCATED (headers do not
 * end), WN_ETOOBIG (too many headers or a line too long); on failure
 * r->error says why. `lim` may be NULL for the defaults; max_headers is
 * clamped to WN_HTTP_MAX_HEADERS. Accepts "HTTP/1.0", "HTTP/1.1", "HTTP/2"
 * and "HTTP/2.0" status lines with or without a reason phrase, CRLF or bare
 * LF line ends, and obs-fold continuation lines: a folded value's slice then
 * spans the fold, so it may contain CR, LF and tabs (treat them as spaces).
 * Header names must be tokens; whitespace before the colon is tolerated.
 * Nothing is allocated: every pointer in `r` points into p[0..n), which
 * must outlive `r`. */
WN_EXPORT WN_MUST_CHECK wn_status wn_http_parse_response(const char *p, size_t n, const wn_http_limits_t *lim,
                                                         wn_http_response_t *r);

/* Returns the value of the first header named `name` (case-insensitive) and
 * its length in *len, or NULL. The slice points into the parsed buffer. */
WN_EXPORT const char *wn_http_header(const wn_http_response_t *r, const char *name, size_t *len);

/* Copies the value of the first header named `name` into dst[0..dstlen)
 * (cut to fit, NUL-terminated; dstlen > 0) and returns dst, or NULL when r
 * has no such header. */
WN_EXPORT const char *wn_http_header_copy(const wn_http_response_t *r, const char *name, char *dst, size_t dstlen);

/* Decodes r's body and appends it to `out` (the caller owns `out`):
 * undoes Transfer-Encoding (chunked, gzip, deflate, br), then Content-Encoding
 * gzip / x-gzip / deflate / br (brotli); identity and none pass through. `out`'s max caps
 * the result (a gzip bomb ends as WN_ETOOBIG), and caps every intermediate
 * stage too. Returns WN_OK, WN_ETOOBIG, WN_ETRUNCATED (compressed data ends
 * early), WN_ECORRUPT, WN_EUNSUPPORTED (e.g. "zstd" encoding), WN_ENOMEM; on
 * error `out` may hold a partial result.
 *
 * Archives often store the body already decoded but keep the original
 * Content-Encoding header. So a "gzip" body that does not start with the
 * gzip magic, and a "deflate" or "br" body that does not decode and looks
 * like text (no control bytes in its first 512 bytes), pass through
 * unchanged. */
WN_EXPORT WN_MUST_CHECK wn_status wn_http_decode_body(const wn_http_response_t *r, wn_buf_t *out);

/* As wn_http_decode_body, and on failure writes a NUL-terminated reason
 * ("content-encoding zstd not supported") into why[0..why_len) (why may be
 * NULL). */
WN_EXPORT WN_MUST_CHECK wn_status wn_http_decode_body_ex(const wn_http_response_t *r, wn_buf_t *out,
                                                         char *why, size_t why_len);

/* Removes chunked transfer-encoding from p[0..n), appending to `out`.
 * Chunk sizes are hex with optional ";ext" extensions; trailers after the
 * last chunk are skipped. Tolerates a cut stream (missing final chunk, a
 * chunk shorter than its size, a cut size line): what is there is kept and
 * the result is WN_OK. A size line that is not hex, or chunk data not
 * followed by CRLF, is WN_ECORRUPT; `out` full is WN_ETOOBIG. */
WN_EXPORT WN_MUST_CHECK wn_status wn_http_dechunk(const char *p, size_t n, wn_buf_t *out);

/* 1 if the chunked body p[0..n) ends before its last (zero-size) chunk --
 * a transfer cut short, whose decoded part wn_http_dechunk keeps -- else 0
 * (complete, or not readable as chunked at all). */
WN_EXPORT int wn_http_chunked_cut(const char *p, size_t n);

#endif
