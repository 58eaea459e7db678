/* http.c -- parse archived or fetched HTTP responses and decode their
 * bodies (see winnow/http.h).
 *
 * Parsing follows picohttpparser: (buf, len) in, slices out, no allocation.
 * Decoding undoes the transfer and content codings in reverse order of
 * application, each stage capped by the output buffer's max.
 */
#include "winnow/http.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "winnow/inflate.h"

#define WN_HTTP_MAX_CODINGS 8      /* codings stacked on one body */
#define WN_HTTP_CHUNK_LINE_MAX 4096 /* one chunk-size line, extensions included */

void wn_http_limits_init(wn_http_limits_t *lim) {
    lim->max_headers = 256;
    lim->max_header_line = 64u * 1024u;
    lim->max_body = 64u * 1024u * 1024u;
}

/* Writes a formatted reason into why[0..len) when why is not NULL. */
static void say(char *why, size_t len, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void say(char *why, size_t len, const char *fmt, ...) {
    if (!why || len == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
}

/* RFC 9110 tchar. */
static int is_tchar(unsigned char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
    return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int is_ws(char c) { return c == ' ' || c == '\t'; }

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

/* Case-insensitive comparison of a[0..n) with the NUL-terminated b. */
static int ieq(const char *a, size_t n, const char *b) {
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i] == '\0' || lower(a[i]) != lower(b[i])) return 0;
    return b[i] == '\0';
}

/* Finds the line that starts at p[*pos]: sets *line and *len (CR stripped) and
 * advances *pos past the LF. Returns WN_ETRUNCATED if no LF follows within
 * the data, WN_ETOOBIG if the line is longer than max. */
static wn_status next_line(const char *p, size_t n, size_t *pos, size_t max, const char **line,
                           size_t *len) {
    size_t avail = n - *pos;
    size_t look = avail;
    if (max < SIZE_MAX - 2 && look > max + 2) look = max + 2;
    const char *s = p + *pos;
    const char *nl = memchr(s, '\n', look);
    if (!nl) return avail > max + 1 ? WN_ETOOBIG : WN_ETRUNCATED;
    size_t l = (size_t)(nl - s);
    *pos += l + 1;
    if (l > 0 && s[l - 1] == '\r') l--;
    if (l > max) return WN_ETOOBIG;
    *line = s;
    *len = l;
    return WN_OK;
}

/* Parses "HTTP/1.1 200 OK" (reason optional, "HTTP/2" accepted). */
static wn_status parse_status_line(const char *s, size_t n, wn_http_response_t *r) {
    size_t i = 5;
    if (n < 5 || memcmp(s, "HTTP/", 5) != 0) return WN_ECORRUPT;
    if (i >= n || s[i] < '0' || s[i] > '9') return WN_ECORRUPT;
    r->major_version = s[i++] - '0';
    r->minor_version = 0;
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || s[i] < '0' || s[i] > '9') return WN_ECORRUPT;
        r->minor_version = s[i++] - '0';
    } else if (r->major_version == 1) {
        return WN_ECORRUPT; /* "HTTP/1" alone is not a version */
    }
    if (r->major_version < 1 || r->major_version > 2) return WN_ECORRUPT;
    if (i >= n || !is_ws(s[i])) return WN_ECORRUPT;
    while (i < n && is_ws(s[i])) i++;
    if (n - i < 3) return WN_ECORRUPT;
    int code = 0;
    for (int k = 0; k < 3; k++, i++) {
        if (s[i] < '0' || s[i] > '9') return WN_ECORRUPT;
        code = code * 10 + (s[i] - '0');
    }
    if (i < n && !is_ws(s[i])) return WN_ECORRUPT;
    while (i < n && is_ws(s[i])) i++;
    r->status = code;
    r->reason = s + i;
    r->reason_len = n - i;
    while (r->reason_len > 0 && is_ws(r->reason[r->reason_len - 1])) r->reason_len--;
    return WN_OK;
}

/* Counts the header lines (not folds) from pos to the empty line, for the
 * "N headers exceed" message. Bounded by the input. */
static size_t count_headers(const char *p, size_t n, size_t pos) {
    size_t count = 0;
    while (pos < n) {
        const char *nl = memchr(p + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - p) : n;
        size_t l = end - pos;
        if (l > 0 && p[end - 1] == '\r') l--;
        if (l == 0) break;
        if (!is_ws(p[pos])) count++;
        pos = end + 1;
    }
    return count;
}

wn_status wn_http_parse_response(const char *p, size_t n, const wn_http_limits_t *lim,
                                 wn_http_response_t *r) {
    wn_http_limits_t def;
    if (!lim) {
        wn_http_limits_init(&def);
        lim = &def;
    }
    size_t max_headers = lim->max_headers > WN_HTTP_MAX_HEADERS ? WN_HTTP_MAX_HEADERS : lim->max_headers;
    size_t max_line = lim->max_header_line;
    r->status = 0;
    r->major_version = r->minor_version = 0;
    r->reason = NULL;
    r->reason_len = 0;
    r->n_headers = 0;
    r->body = NULL;
    r->body_len = 0;
    r->error[0] = '\0';
    if (!p) n = 0;

    size_t pos = 0;
    const char *line = NULL;
    size_t len = 0;
    wn_status st = next_line(p, n, &pos, max_line, &line, &len);
    if (st == WN_ETRUNCATED && n >= 5 && memcmp(p, "HTTP/", 5) != 0) st = WN_ECORRUPT;
    if (st != WN_OK) {
        say(r->error, sizeof r->error, "%s", st == WN_ETOOBIG ? "status line too long" : st == WN_ECORRUPT ? "not an HTTP response" : "status line ends early");
        return st;
    }
    if (parse_status_line(line, len, r) != WN_OK) {
        say(r->error, sizeof r->error, "not an HTTP response status line: \"%.*s\"", (int)(len < 40 ? len : 40),
            line);
        return WN_ECORRUPT;
    }
    for (;;) {
        size_t at = pos;
        st = next_line(p, n, &pos, max_line, &line, &len);
        if (st == WN_ETOOBIG) {
            say(r->error, sizeof r->error, "header line at byte %zu longer than %zu bytes", at, max_line);
            return st;
        }
        if (st != WN_OK) {
            say(r->error, sizeof r->error, "headers do not end (no empty line after %zu headers)", r->n_headers);
            return st;
        }
        if (len == 0) break;
        if (is_ws(line[0])) { /* obs-fold: extend the previous value over this line */
            if (r->n_headers == 0) {
                say(r->error, sizeof r->error, "continuation line before the first header");
                return WN_ECORRUPT;
            }
            wn_http_header_t *h = &r->headers[r->n_headers - 1];
            size_t e = len;
            while (e > 0 && is_ws(line[e - 1])) e--;
            if (e == 0) continue;
            if (h->value_len == 0) {
                size_t b = 0;
                while (b < e && is_ws(line[b])) b++;
                h->value = line + b;
                h->value_len = e - b;
            } else {
                h->value_len = (size_t)(line + e - h->value);
            }
            continue;
        }
        if (r->n_headers >= max_headers) {
            size_t total = r->n_headers + count_headers(p, n, at);
            say(r->error, sizeof r->error, "%zu headers exceed the limit of %zu", total, max_headers);
            return WN_ETOOBIG;
        }
        size_t i = 0;
        while (i < len && is_tchar((unsigned char)line[i])) i++;
        size_t name_len = i;
        while (i < len && is_ws(line[i])) i++;
        if (name_len == 0 || i >= len || line[i] != ':') {
            say(r->error, sizeof r->error, "malformed header line at byte %zu", at);
            return WN_ECORRUPT;
        }
        i++;
        while (i < len && is_ws(line[i])) i++;
        size_t e = len;
        while (e > i && is_ws(line[e - 1])) e--;
        wn_http_header_t *h = &r->headers[r->n_headers++];
        h->name = line;
        h->name_len = name_len;
        h->value = line + i;
        h->value_len = e - i;
    }
    r->body = p + pos;
    r->body_len = n - pos;
    return WN_OK;
}

const char *wn_http_header(const wn_http_response_t *r, const char *name, size_t *len) {
    for (size_t i = 0; i < r->n_headers; i++) {
        if (ieq(r->headers[i].name, r->headers[i].name_len, name)) {
            if (len) *len = r->headers[i].value_len;
            return r->headers[i].value;
        }
    }
    if (len) *len = 0;
    return NULL;
}

const char *wn_http_header_copy(const wn_http_response_t *r, const char *name, char *dst, size_t dstlen) {
    size_t len = 0;
    const char *v = wn_http_header(r, name, &len);
    if (!v || !dstlen) return NULL;
    if (len >= dstlen) len = dstlen - 1;
    memcpy(dst, v, len);
    dst[len] = '\0';
    return dst;
}

/* Nonzero if p[0..n) starts, after whitespace, with '<': an HTML body that
 * an archiver stored already de-chunked while keeping the
 * "Transfer-Encoding: chunked" header (a chunk-size line never starts so). */
static int starts_with_markup(const char *p, size_t n) {
    size_t i = 0;
    while (i < n && i < 64 && (is_ws(p[i]) || p[i] == '\r' || p[i] == '\n')) i++;
    if (i + 3 <= n && (unsigned char)p[i] == 0xef && (unsigned char)p[i + 1] == 0xbb &&
        (unsigned char)p[i + 2] == 0xbf)
        i += 3;
    return i < n && p[i] == '<';
}

/* De-chunking with a reason; see wn_http_dechunk. `out` NULL: only look.
 * *cut: the data ended before the last (zero-size) chunk. */
static wn_status dechunk_cut(const char *p, size_t n, wn_buf_t *out, char *why, size_t why_len, int *cut) {
    size_t i = 0;
    *cut = 1; /* until the last chunk (size 0) is seen */
    for (;;) {
        if (i >= n) return WN_OK; /* cut before the last chunk: keep what is there */
        size_t look = n - i < WN_HTTP_CHUNK_LINE_MAX ? n - i : WN_HTTP_CHUNK_LINE_MAX;
        const char *nl = memchr(p + i, '\n', look);
        size_t end = nl ? (size_t)(nl - p) : i + look;
        uint64_t size = 0;
        size_t k = i, digits = 0;
        for (; k < end; k++) {
            char c = p[k];
            unsigned v;
            if (c >= '0' && c <= '9') v = (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f') v = (unsigned)(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v = (unsigned)(c - 'A' + 10);
            else break;
            if (size > (UINT64_MAX >> 4)) {
                say(why, why_len, "chunk size overflows at byte %zu", i);
                return WN_ECORRUPT;
            }
            size = (size << 4) | v;
            digits++;
        }
        while (k < end && is_ws(p[k])) k++;
        int ok = digits > 0 && (k == end || p[k] == ';' || (p[k] == '\r' && k + 1 == end));
        if (!nl) {
            /* Line cut by the end of the data: fine if what is there could
             * start a size line; a long line without LF is garbage. */
            if (ok && n - i < WN_HTTP_CHUNK_LINE_MAX) return WN_OK;
            if (digits > 0 && k == end && n - i < WN_HTTP_CHUNK_LINE_MAX) return WN_OK;
            say(why, why_len, "bad chunk size line at byte %zu", i);
            return WN_ECORRUPT;
        }
        if (!ok) {
            say(why, why_len, "bad chunk size line at byte %zu", i);
            return WN_ECORRUPT;
        }
        i = end + 1;
        if (size == 0) {
            *cut = 0;
            return WN_OK; /* trailers, if any, are not part of the body */
        }
        size_t avail = n - i;
        size_t take = (uint64_t)avail < size ? avail : (size_t)size;
        wn_status st = out ? wn_buf_add(out, p + i, take) : WN_OK;
        if (st != WN_OK) {
            say(why, why_len, st == WN_ETOOBIG ? "decoded body exceeds %zu bytes" : "out of memory (%zu bytes)", out->max);
            return st;
        }
        if (take < size) return WN_OK; /* cut inside a chunk */
        i += take;
        if (i >= n) return WN_OK;
        if (p[i] == '\n') {
            i++;
        } else if (p[i] == '\r' && (i + 1 == n || p[i + 1] == '\n')) {
            i += 2;
        } else {
            say(why, why_len, "chunk of %" PRIu64 " bytes not followed by CRLF at byte %zu", size, i);
            return WN_ECORRUPT;
        }
    }
}

static wn_status dechunk(const char *p, size_t n, wn_buf_t *out, char *why, size_t why_len) {
    int cut;
    return dechunk_cut(p, n, out, why, why_len, &cut);
}

int wn_http_chunked_cut(const char *p, size_t n) {
    int cut = 0;
    return dechunk_cut(p, n, NULL, NULL, 0, &cut) == WN_OK && cut;
}

wn_status wn_http_dechunk(const char *p, size_t n, wn_buf_t *out) { return dechunk(p, n, out, NULL, 0); }

typedef enum coding { C_IDENTITY, C_CHUNKED, C_GZIP, C_DEFLATE, C_BROTLI } coding;

/* Appends the codings listed in value[0..len) to list. Returns WN_OK,
 * WN_EUNSUPPORTED for an unknown coding or too many. */
static wn_status add_codings(const char *value, size_t len, const char *what, coding *list, size_t *n, char *why,
                             size_t why_len) {
    size_t i = 0;
    while (i < len) {
        while (i < len && (is_ws(value[i]) || value[i] == ',' || value[i] == '\r' || value[i] == '\n')) i++;
        size_t b = i;
        while (i < len && value[i] != ',' && value[i] != ';' && !is_ws(value[i]) && value[i] != '\r' && value[i] != '\n') i++;
        size_t tl = i - b;
        while (i < len && value[i] != ',') i++; /* drop parameters */
        if (tl == 0) continue;
        const char *t = value + b;
        coding c;
        if (ieq(t, tl, "identity") || ieq(t, tl, "none")) continue;
        if (ieq(t, tl, "chunked")) c = C_CHUNKED;
        else if (ieq(t, tl, "gzip") || ieq(t, tl, "x-gzip")) c = C_GZIP;
        else if (ieq(t, tl, "deflate")) c = C_DEFLATE;
        else if (ieq(t, tl, "br")) c = C_BROTLI;
        else {
            say(why, why_len, "%s %.*s not supported", what, (int)(tl > 40 ? 40 : tl), t);
            return WN_EUNSUPPORTED;
        }
        if (*n >= WN_HTTP_MAX_CODINGS) {
            say(why, why_len, "more than %d codings on one body", WN_HTTP_MAX_CODINGS);
            return WN_EUNSUPPORTED;
        }
        list[(*n)++] = c;
    }
    return WN_OK;
}

/* Nonzero if p[0..n) has no control bytes (other than tab, LF, CR, FF, ESC)
 * in its first 512 bytes: text, not compressed data. */
static int looks_like_text(const char *p, size_t n) {
    if (n > 512) n = 512;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) return 0;
    }
    return n > 0;
}

wn_status wn_http_decode_body_ex(const wn_http_response_t *r, wn_buf_t *out, char *why, size_t why_len) {
    coding list[WN_HTTP_MAX_CODINGS];
    size_t nc = 0;
    wn_status st = WN_OK;
    if (why && why_len) why[0] = '\0';
    /* Content codings were applied first, transfer codings after. */
    for (size_t i = 0; i < r->n_headers && st == WN_OK; i++)
        if (ieq(r->headers[i].name, r->headers[i].name_len, "content-encoding"))
            st = add_codings(r->headers[i].value, r->headers[i].value_len, "content-encoding", list, &nc, why,
                             why_len);
    for (size_t i = 0; i < r->n_headers && st == WN_OK; i++)
        if (ieq(r->headers[i].name, r->headers[i].name_len, "transfer-encoding"))
            st = add_codings(r->headers[i].value, r->headers[i].value_len, "transfer-encoding", list, &nc, why,
                             why_len);
    if (st != WN_OK) return st;

    wn_buf_t tmp[2];
    wn_buf_init(&tmp[0], out->max);
    wn_buf_init(&tmp[1], out->max);
    const char *cur = r->body ? r->body : "";
    size_t cur_len = r->body ? r->body_len : 0;
    int cur_in = -1; /* which tmp holds cur, -1 for the response itself */

    for (size_t k = nc; k-- > 0;) {
        int last = k == 0;
        coding c = list[k];
        int pass = (c == C_GZIP && !wn_is_gzip(cur, cur_len)) || (c != C_CHUNKED && cur_len == 0) ||
                   (c == C_CHUNKED && starts_with_markup(cur, cur_len));
        if (pass) continue; /* stored decoded with the header kept: see http.h */
        wn_buf_t *dst = last ? out : &tmp[cur_in == 0 ? 1 : 0];
        if (!last) wn_buf_reset(dst);
        size_t start = dst->len;
        if (c == C_CHUNKED) {
            st = dechunk(cur, cur_len, dst, why, why_len);
        } else {
            st = wn_inflate(cur, cur_len,
                            c == C_GZIP     ? WN_INFLATE_GZIP
                            : c == C_BROTLI ? WN_INFLATE_BROTLI
                                            : WN_INFLATE_DEFLATE,
                            dst);
            if (c != C_GZIP && (st == WN_ECORRUPT || st == WN_ETRUNCATED) && looks_like_text(cur, cur_len)) {
                /* "deflate" or "br" that does not decode and reads as text:
                 * stored decoded with the header kept (see http.h); neither
                 * has a magic number to tell beforehand. */
                dst->len = start;
                if (dst->data) dst->data[start] = '\0';
                st = WN_OK;
                continue;
            }
            const char *name = c == C_GZIP ? "gzip" : c == C_BROTLI ? "br" : "deflate";
            if (st == WN_ETOOBIG) say(why, why_len, "decoded body exceeds %zu bytes", out->max);
            else if (st == WN_ECORRUPT) say(why, why_len, "corrupt %s content", name);
            else if (st == WN_ETRUNCATED) say(why, why_len, "%s content ends early", name);
            else if (st == WN_ENOMEM) say(why, why_len, "out of memory inflating %s content", name);
        }
        if (st != WN_OK) goto out;
        if (last) goto out;
        cur = dst->data ? dst->data : "";
        cur_len = dst->len;
        cur_in = dst == &tmp[0] ? 0 : 1;
    }
    /* No stage wrote to out (no codings, or every one passed through). */
    st = wn_buf_add(out, cur, cur_len);
    if (st == WN_ETOOBIG) say(why, why_len, "body of %zu bytes exceeds %zu bytes", cur_len, out->max);
    else if (st != WN_OK) say(why, why_len, "out of memory (%zu bytes)", cur_len);
out:
    wn_buf_free(&tmp[0]);
    wn_buf_free(&tmp[1]);
    return st;
}

wn_status wn_http_decode_body(const wn_http_response_t *r, wn_buf_t *out) {
    return wn_http_decode_body_ex(r, out, NULL, 0);
}
