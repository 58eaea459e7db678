/* warcw.c -- WARC/1.1 writer: warcinfo, request and response records, one
 * gzip member per record (see winnow/warcw.h). SHA-1 comes from libcrypto
 * (EVP interface), randomness for record ids from getrandom(2). */
#include "winnow/warcw.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <zlib.h>

#include <openssl/evp.h>

#include "winnow/buf.h"

#define WN_WARCW_HEAD_MAX (64u * 1024u) /* one record's WARC header */
#define WN_WARCW_CHUNK (64u * 1024u)    /* deflate output chunk */

struct wn_warcw {
    FILE *f;
    int gz;
    z_stream zs;
    int zs_ready;
    size_t count;
    unsigned char *zbuf; /* WN_WARCW_CHUNK bytes when gz */
};

wn_status wn_warcw_new_id(char id[WN_WARC_ID_SIZE]) {
    unsigned char u[16];
    size_t got = 0;
    while (got < sizeof u) {
        ssize_t n = getrandom(u + got, sizeof u - got, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return WN_EIO;
        }
        got += (size_t)n;
    }
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x40); /* version 4 */
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    static const char hex[] = "0123456789abcdef";
    char *p = id;
    memcpy(p, "<urn:uuid:", 10);
    p += 10;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) *p++ = '-';
        *p++ = hex[u[i] >> 4];
        *p++ = hex[u[i] & 15];
    }
    *p++ = '>';
    *p = '\0';
    return WN_OK;
}

wn_status wn_warcw_sha1_base32(const wn_warcw_part_t *parts, size_t nparts, char out[38]) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx) return WN_ENOMEM;
    wn_status st = WN_ENOMEM;
    if (EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) != 1) goto out;
    for (size_t i = 0; i < nparts; i++)
        if (parts[i].len && EVP_DigestUpdate(ctx, parts[i].data, parts[i].len) != 1) goto out;
    if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 20) goto out;
    static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    memcpy(out, "sha1:", 5);
    /* 20 bytes = 160 bits = exactly 32 base32 digits, no padding. */
    for (int i = 0; i < 32; i++) {
        int bit = i * 5, byte = bit / 8, off = bit % 8;
        unsigned v = (unsigned)md[byte] << 8 | (byte + 1 < 20 ? md[byte + 1] : 0u);
        out[5 + i] = b32[(v >> (11 - off)) & 31];
    }
    out[37] = '\0';
    st = WN_OK;
out:
    EVP_MD_CTX_free(ctx);
    return st;
}

/* Writes p[0..n) to the file, through the current gzip member if any. */
static wn_status put(wn_warcw_t *w, const void *p, size_t n, int finish) {
    if (!w->gz) {
        if (n && fwrite(p, 1, n, w->f) != n) return WN_EIO;
        return WN_OK;
    }
    const unsigned char *in = p;
    do {
        uInt take = n > 1u << 30 ? 1u << 30 : (uInt)n;
        w->zs.next_in = (Bytef *)(uintptr_t)in;
        w->zs.avail_in = take;
        in += take;
        n -= take;
        int flush = finish && n == 0 ? Z_FINISH : Z_NO_FLUSH;
        int rc;
        do {
            w->zs.next_out = w->zbuf;
            w->zs.avail_out = WN_WARCW_CHUNK;
            rc = deflate(&w->zs, flush);
            if (rc == Z_STREAM_ERROR) return WN_EIO;
            size_t have = WN_WARCW_CHUNK - w->zs.avail_out;
            if (have && fwrite(w->zbuf, 1, have, w->f) != have) return WN_EIO;
        } while (w->zs.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    } while (n > 0);
    return WN_OK;
}

static void format_date(time_t t, char out[32]) {
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Nonzero if s holds a CR or LF (which would break the header). */
static int has_newline(const char *s) { return s && strpbrk(s, "\r\n") != NULL; }

/* Writes one complete record. `id` is the record's id (already made). */
static wn_status write_record(wn_warcw_t *w, const char *type, const char *id, const char *target_uri,
                              const char *content_type, time_t date, const char *extra,
                              const wn_warcw_part_t *parts, size_t nparts) {
    if (has_newline(type) || has_newline(target_uri) || has_newline(content_type)) return WN_EINVAL;
    char digest[38], when[32];
    wn_status st = wn_warcw_sha1_base32(parts, nparts, digest);
    if (st != WN_OK) return st;
    size_t total = 0;
    for (size_t i = 0; i < nparts; i++) total += parts[i].len;
    format_date(date, when);
    wn_buf_t h;
    wn_buf_init(&h, WN_WARCW_HEAD_MAX);
    st = wn_buf_printf(&h, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: %s\r\nWARC-Date: %s\r\n", type, id,
                       when);
    if (st == WN_OK && target_uri) st = wn_buf_printf(&h, "WARC-Target-URI: %s\r\n", target_uri);
    if (st == WN_OK && extra) st = wn_buf_adds(&h, extra);
    if (st == WN_OK && content_type) st = wn_buf_printf(&h, "Content-Type: %s\r\n", content_type);
    if (st == WN_OK)
        st = wn_buf_printf(&h, "WARC-Block-Digest: %s\r\nContent-Length: %zu\r\n\r\n", digest, total);
    if (st != WN_OK) goto out;
    if (w->gz && deflateReset(&w->zs) != Z_OK) {
        st = WN_EIO;
        goto out;
    }
    st = put(w, h.data, h.len, 0);
    for (size_t i = 0; st == WN_OK && i < nparts; i++) st = put(w, parts[i].data, parts[i].len, 0);
    if (st == WN_OK) st = put(w, "\r\n\r\n", 4, 1);
    if (st == WN_OK) w->count++;
out:
    wn_buf_free(&h);
    return st;
}

wn_status wn_warcw_record(wn_warcw_t *w, const char *type, const char *target_uri, const char *content_type,
                          time_t date, const char *extra_headers, const wn_warcw_part_t *parts, size_t nparts,
                          char id[WN_WARC_ID_SIZE]) {
    if (!w || !type || (nparts && !parts)) return WN_EINVAL;
    char rid[WN_WARC_ID_SIZE];
    wn_status st = wn_warcw_new_id(rid);
    if (st != WN_OK) return st;
    st = write_record(w, type, rid, target_uri, content_type, date, extra_headers, parts, nparts);
    if (st == WN_OK && id) memcpy(id, rid, WN_WARC_ID_SIZE);
    return st;
}

wn_status wn_warcw_exchange(wn_warcw_t *w, const wn_warcw_exchange_t *ex, char resp_id[WN_WARC_ID_SIZE]) {
    if (!w || !ex || !ex->target_uri || (!ex->request && ex->request_len) ||
        (!ex->resp_head && ex->resp_head_len) || (!ex->body && ex->body_len))
        return WN_EINVAL;
    if (has_newline(ex->ip)) return WN_EINVAL;
    char req_id[WN_WARC_ID_SIZE], rsp_id[WN_WARC_ID_SIZE], digest[38];
    wn_status st = wn_warcw_new_id(req_id);
    if (st == WN_OK) st = wn_warcw_new_id(rsp_id);
    if (st != WN_OK) return st;
    wn_warcw_part_t pay = {ex->payload ? ex->payload : ex->body,
                           ex->payload ? ex->payload_len : ex->body_len};
    st = wn_warcw_sha1_base32(&pay, 1, digest);
    if (st != WN_OK) return st;
    char extra[512];
    int n;
    /* request */
    if (ex->ip)
        n = snprintf(extra, sizeof extra, "WARC-Concurrent-To: %s\r\nWARC-IP-Address: %s\r\n", rsp_id, ex->ip);
    else
        n = snprintf(extra, sizeof extra, "WARC-Concurrent-To: %s\r\n", rsp_id);
    if (n < 0 || (size_t)n >= sizeof extra) return WN_EINVAL;
    wn_warcw_part_t rq = {ex->request, ex->request_len};
    st = write_record(w, "request", req_id, ex->target_uri, "application/http;msgtype=request", ex->date, extra,
                      &rq, 1);
    if (st != WN_OK) return st;
    /* response */
    if (ex->ip)
        n = snprintf(extra, sizeof extra,
                     "WARC-Concurrent-To: %s\r\nWARC-IP-Address: %s\r\nWARC-Payload-Digest: %s\r\n", req_id,
                     ex->ip, digest);
    else
        n = snprintf(extra, sizeof extra, "WARC-Concurrent-To: %s\r\nWARC-Payload-Digest: %s\r\n", req_id,
                     digest);
    if (n < 0 || (size_t)n >= sizeof extra) return WN_EINVAL;
    wn_warcw_part_t rs[2] = {{ex->resp_head, ex->resp_head_len}, {ex->body, ex->body_len}};
    st = write_record(w, "response", rsp_id, ex->target_uri, "application/http;msgtype=response", ex->date,
                      extra, rs, 2);
    if (st == WN_OK && resp_id) memcpy(resp_id, rsp_id, WN_WARC_ID_SIZE);
    return st;
}

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

wn_warcw_t *wn_warcw_open(const char *path, const char *software, const char *extra, wn_status *st) {
    wn_status dummy;
    if (!st) st = &dummy;
    if (!path || !software || has_newline(software)) {
        *st = WN_EINVAL;
        return NULL;
    }
    wn_warcw_t *w = calloc(1, sizeof *w);
    if (!w) {
        *st = WN_ENOMEM;
        return NULL;
    }
    w->gz = ends_with(path, ".gz");
    if (w->gz) {
        w->zbuf = malloc(WN_WARCW_CHUNK);
        /* windowBits 15 + 16: a gzip wrapper around each member. */
        if (!w->zbuf || deflateInit2(&w->zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                                     Z_DEFAULT_STRATEGY) != Z_OK) {
            *st = WN_ENOMEM;
            goto fail;
        }
        w->zs_ready = 1;
    }
    w->f = fopen(path, "wb");
    if (!w->f) {
        *st = WN_EIO;
        goto fail;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    wn_buf_t info;
    wn_buf_init(&info, WN_WARCW_HEAD_MAX);
    *st = wn_buf_printf(&info,
                        "software: %s\r\nformat: WARC File Format 1.1\r\n"
                        "conformsTo: http://iipc.github.io/warc-specifications/specifications/"
                        "warc-format/warc-1.1/\r\n",
                        software);
    if (*st == WN_OK && extra) *st = wn_buf_adds(&info, extra);
    char fname[1024];
    int n = snprintf(fname, sizeof fname, "WARC-Filename: %s\r\n", base);
    if (*st == WN_OK && (n < 0 || (size_t)n >= sizeof fname || has_newline(base))) *st = WN_EINVAL;
    if (*st == WN_OK) {
        wn_warcw_part_t part = {info.data, info.len};
        char id[WN_WARC_ID_SIZE];
        *st = wn_warcw_new_id(id);
        if (*st == WN_OK)
            *st = write_record(w, "warcinfo", id, NULL, "application/warc-fields", time(NULL), fname, &part, 1);
    }
    wn_buf_free(&info);
    if (*st != WN_OK) goto fail;
    return w;
fail:
    {
        int e = errno;
        wn_status keep = *st;
        wn_status ignored = wn_warcw_close(&w); /* the open error is what matters */
        (void)ignored;
        errno = e;
        *st = keep;
    }
    return NULL;
}

size_t wn_warcw_count(const wn_warcw_t *w) { return w ? w->count : 0; }

wn_status wn_warcw_close(wn_warcw_t **self) {
    if (!self || !*self) return WN_OK;
    wn_warcw_t *w = *self;
    wn_status st = WN_OK;
    if (w->f && fclose(w->f) != 0) st = WN_EIO;
    if (w->zs_ready) deflateEnd(&w->zs);
    free(w->zbuf);
    free(w);
    *self = NULL;
    return st;
}
