/* winnow/http.h -- parse an HTTP/1.x response as archived or fetched, and
 * decode its body (chunked transfer-encoding, gzip/deflate content-encoding).
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
    int minor_version;    /* HTTP/1.x */
    const char *reason;   /* slice */
    size_t reason_len;
    wn_http_header_t headers[WN_HTTP_MAX_HEADERS];
    size_t n_headers;
    const char *body;     /* slice: the raw body as transferred (maybe chunked/compressed) */
    size_t body_len;
} wn_http_response_t;

/* Fills `lim` with the defaults above. */
void wn_http_limits_init(wn_http_limits_t *lim);

/* Parses status line and headers of p[0..n); the rest is the body. Returns
 * WN_OK, WN_ECORRUPT (not an HTTP response), WN_ETRUNCATED (headers do not
 * end), WN_ETOOBIG (too many headers or a line too long). */
WN_MUST_CHECK wn_status wn_http_parse_response(const char *p, size_t n, const wn_http_limits_t *lim,
                                               wn_http_response_t *r);

/* Returns the value of the first header named `name` (case-insensitive) and
 * its length in *len, or NULL. The slice points into the parsed buffer. */
const char *wn_http_header(const wn_http_response_t *r, const char *name, size_t *len);

/* Decodes r's body into `out`: removes chunked transfer-encoding, then
 * inflates Content-Encoding gzip / x-gzip / deflate. `out`'s max caps the
 * result. Returns WN_OK, WN_ETOOBIG, WN_ETRUNCATED, WN_ECORRUPT,
 * WN_EUNSUPPORTED (e.g. "br" encoding), WN_ENOMEM. */
WN_MUST_CHECK wn_status wn_http_decode_body(const wn_http_response_t *r, wn_buf_t *out);

/* Removes chunked transfer-encoding from p[0..n), appending to `out`.
 * Tolerates a missing final chunk (archived responses are often cut). */
WN_MUST_CHECK wn_status wn_http_dechunk(const char *p, size_t n, wn_buf_t *out);

#endif
