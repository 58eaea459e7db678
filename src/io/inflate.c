/* inflate.c -- bounded gzip / zlib / raw-deflate / brotli decoding (see winnow/inflate.h).
 *
 * gzip goes through ISA-L's igzip (about 2.5x zlib's speed on our pages; the
 * WARC reader uses it too), zlib-wrapped and raw deflate -- rare, HTTP
 * "deflate" only -- through zlib. */
#include "winnow/inflate.h"

#include <brotli/decode.h>
#include <isa-l/igzip_lib.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define WN_INFLATE_CHUNK (64u * 1024u)

int wn_is_gzip(const void *p, size_t n) {
    const unsigned char *s = p;
    return n >= 2 && s[0] == 0x1f && s[1] == 0x8b;
}

/* Runs one zlib stream set up with `window_bits` over the input; restarts on
 * a following gzip member. Returns the status and sets *consumed_all. */
static wn_status run(const unsigned char *in, size_t n, int window_bits, wn_buf_t *out) {
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, window_bits) != Z_OK) return WN_ENOMEM;
    wn_status st = WN_OK;
    size_t pos = 0;
    int ret = Z_OK;
    for (;;) {
        if (zs.avail_in == 0 && pos < n) {
            size_t take = n - pos > UINT_MAX ? UINT_MAX : n - pos;
            zs.next_in = (unsigned char *)(uintptr_t)(in + pos);
            zs.avail_in = (uInt)take;
            pos += take;
        }
        char *space;
        size_t room = WN_INFLATE_CHUNK;
        if (out->max - out->len < room) room = out->max - out->len;
        if (room == 0) {
            st = WN_ETOOBIG;
            break;
        }
        st = wn_buf_reserve(out, room, &space);
        if (st != WN_OK) break;
        zs.next_out = (unsigned char *)space;
        zs.avail_out = (uInt)room;
        ret = inflate(&zs, Z_NO_FLUSH);
        out->len += room - zs.avail_out;
        out->data[out->len] = '\0';
        if (ret == Z_STREAM_END) {
            /* Concatenated gzip members: continue if more gzip follows. */
            size_t left = zs.avail_in + (n - pos);
            const unsigned char *rest = zs.next_in;
            if (window_bits > 15 + 16 - 1 && left >= 2 && zs.avail_in >= 2 && wn_is_gzip(rest, left)) {
                if (inflateReset(&zs) != Z_OK) {
                    st = WN_ECORRUPT;
                    break;
                }
                continue;
            }
            st = WN_OK;
            break;
        }
        if (ret == Z_MEM_ERROR) {
            st = WN_ENOMEM;
            break;
        }
        if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT || ret == Z_STREAM_ERROR) {
            st = WN_ECORRUPT;
            break;
        }
        if (ret == Z_BUF_ERROR && zs.avail_in == 0 && pos >= n) {
            st = WN_ETRUNCATED;
            break;
        }
        if (zs.avail_in == 0 && pos >= n && zs.avail_out != 0) {
            st = WN_ETRUNCATED;
            break;
        }
    }
    inflateEnd(&zs);
    return st;
}

/* gzip members in[0..n) with ISA-L, the same contract as run(): members
 * follow one another while the next one starts with the gzip magic; bytes
 * after the last member that are not gzip are ignored, as zlib's gunzip
 * does. ISA-L accepts reserved header flag bits, which zlib (and RFC 1952)
 * reject: they are checked here, per member. */
static wn_status run_gzip(const unsigned char *in, size_t n, wn_buf_t *out) {
    struct inflate_state *zs = malloc(sizeof *zs); /* 85 KiB: not for the stack */
    if (!zs) return WN_ENOMEM;
    wn_status st = WN_OK;
    size_t pos = 0; /* start of the current member */
    for (;;) {
        if (n - pos >= 4 && (in[pos + 3] & 0xe0)) {
            st = WN_ECORRUPT;
            break;
        }
        isal_inflate_init(zs);
        zs->crc_flag = ISAL_GZIP;
        zs->next_in = (uint8_t *)(uintptr_t)(in + pos);
        size_t left = n - pos;
        zs->avail_in = left > UINT32_MAX ? UINT32_MAX : (uint32_t)left;
        size_t fed = zs->avail_in;
        for (;;) {
            char *space;
            size_t room = WN_INFLATE_CHUNK;
            if (out->max - out->len < room) room = out->max - out->len;
            if (room == 0) {
                st = WN_ETOOBIG;
                goto done;
            }
            st = wn_buf_reserve(out, room, &space);
            if (st != WN_OK) goto done;
            zs->next_out = (uint8_t *)space;
            zs->avail_out = (uint32_t)room;
            uint32_t in_before = zs->avail_in;
            int ret = isal_inflate(zs);
            size_t made = room - zs->avail_out;
            out->len += made;
            out->data[out->len] = '\0';
            if (ret < 0) { /* bad block, symbol, lookback, wrapper, method or checksum */
                st = WN_ECORRUPT;
                goto done;
            }
            if (ret == ISAL_NEED_DICT) {
                st = WN_ECORRUPT;
                goto done;
            }
            if (zs->block_state == ISAL_BLOCK_FINISH) break;
            if (made == 0 && zs->avail_in == in_before && fed == left) {
                /* No progress: with the input used up the member is cut
                 * short (ISA-L reports that as OK, not as an error). */
                st = zs->avail_in == 0 ? WN_ETRUNCATED : WN_ECORRUPT;
                goto done;
            }
            if (zs->avail_in == 0 && fed < left) { /* over 4 GiB of input: feed the next slice */
                size_t more = left - fed;
                zs->next_in = (uint8_t *)(uintptr_t)(in + pos + fed);
                zs->avail_in = more > UINT32_MAX ? UINT32_MAX : (uint32_t)more;
                fed += zs->avail_in;
            }
        }
        /* After ISAL_BLOCK_FINISH next_in stands just past the trailer. */
        pos = (size_t)(zs->next_in - in);
        if (n - pos >= 2 && wn_is_gzip(in + pos, n - pos)) continue;
        st = WN_OK;
        break;
    }
done:
    free(zs);
    return st;
}

/* Brotli (HTTP Content-Encoding "br", RFC 7932) through libbrotlidec, in
 * WN_INFLATE_CHUNK slices up to out->max. */
static wn_status run_brotli(const unsigned char *in, size_t n, wn_buf_t *out) {
    BrotliDecoderState *bs = BrotliDecoderCreateInstance(NULL, NULL, NULL);
    if (!bs) return WN_ENOMEM;
    wn_status st = WN_OK;
    size_t avail_in = n;
    const uint8_t *next_in = in;
    for (;;) {
        size_t room = WN_INFLATE_CHUNK;
        if (out->max - out->len < room) room = out->max - out->len;
        if (room == 0) {
            st = WN_ETOOBIG;
            break;
        }
        char *space;
        st = wn_buf_reserve(out, room, &space);
        if (st != WN_OK) break;
        size_t avail_out = room;
        uint8_t *next_out = (uint8_t *)space;
        BrotliDecoderResult r = BrotliDecoderDecompressStream(bs, &avail_in, &next_in, &avail_out, &next_out, NULL);
        out->len += room - avail_out;
        out->data[out->len] = '\0';
        if (r == BROTLI_DECODER_RESULT_SUCCESS) {
            st = avail_in ? WN_ECORRUPT : WN_OK; /* bytes after the end of the stream */
            break;
        }
        if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) continue;
        st = r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT ? WN_ETRUNCATED : WN_ECORRUPT;
        break;
    }
    BrotliDecoderDestroyInstance(bs);
    return st;
}

wn_status wn_inflate(const void *in, size_t n, wn_inflate_mode mode, wn_buf_t *out) {
    const unsigned char *s = in;
    if (n == 0) return WN_ETRUNCATED;
    if (mode == WN_INFLATE_BROTLI) return run_brotli(s, n, out);
    if (mode == WN_INFLATE_AUTO) mode = wn_is_gzip(s, n) ? WN_INFLATE_GZIP : WN_INFLATE_DEFLATE;
    if (mode == WN_INFLATE_GZIP) return run_gzip(s, n, out);
    /* "deflate": RFC 9110 says zlib-wrapped; many servers send raw deflate.
     * A zlib header has CMF byte with method 8 and (CMF*256+FLG) % 31 == 0. */
    if (n >= 2 && (s[0] & 0x0f) == 8 && ((s[0] << 8) | s[1]) % 31 == 0) {
        size_t start = out->len;
        wn_status st = run(s, n, 15, out);
        if (st != WN_ECORRUPT) return st;
        out->len = start; /* fall through to raw */
        if (out->data) out->data[start] = '\0';
    }
    return run(s, n, -15, out);
}
