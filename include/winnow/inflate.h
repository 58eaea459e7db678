/* winnow/inflate.h -- bounded gzip / zlib / raw-deflate / brotli decoding
 * (gzip with ISA-L's igzip, zlib-wrapped and raw deflate with zlib, brotli
 * with libbrotlidec).
 *
 * Used for .html.gz files, HTTP Content-Encoding gzip/deflate/br and anything
 * else compressed that arrives from outside. The output buffer's max is the
 * cap on inflated bytes, so a gzip bomb ends as WN_ETOOBIG after at most
 * that many bytes of work.
 */
#ifndef WINNOW_INFLATE_H
#define WINNOW_INFLATE_H

#include <stddef.h>

#include "winnow/buf.h"
#include "winnow/status.h"

typedef enum wn_inflate_mode {
    WN_INFLATE_AUTO = 0, /* gzip if it starts with 1f 8b, else zlib, else raw */
    WN_INFLATE_GZIP = 1, /* one or more concatenated gzip members */
    WN_INFLATE_DEFLATE = 2, /* HTTP "deflate": zlib-wrapped, or raw as some servers send */
    WN_INFLATE_BROTLI = 3   /* HTTP "br" (RFC 7932), with libbrotlidec; AUTO never picks it (no magic) */
} wn_inflate_mode;

/* Appends the decompression of in[0..n) to `out` (whose max caps the result).
 * Returns WN_OK, WN_ETOOBIG (cap reached), WN_ETRUNCATED (stream ends early),
 * WN_ECORRUPT (not valid compressed data) or WN_ENOMEM. On error `out` holds
 * what was decoded so far. */
WN_EXPORT WN_MUST_CHECK wn_status wn_inflate(const void *in, size_t n, wn_inflate_mode mode, wn_buf_t *out);

/* Nonzero if p[0..n) starts with the gzip magic bytes. */
WN_EXPORT int wn_is_gzip(const void *p, size_t n);

#endif
