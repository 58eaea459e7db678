/* sources.c -- a list of WARC sources, one URL or path per line, plain or
 * gzip (wn_sources_read, see winnow/warc.h). zlib's gzread reads a plain
 * file as it is, so one loop serves both. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "winnow/buf.h"
#include "winnow/warc.h"

#define LINE_MAX_BYTES (64u * 1024u)

void wn_sources_free(char ***list, size_t n) {
    if (!list || !*list) return;
    for (size_t i = 0; i < n; i++) free((*list)[i]);
    free(*list);
    *list = NULL;
}

/* Appends the trimmed line s[0..len) (prefixed with base when relative) to
 * the list. Returns WN_OK, WN_ETOOBIG or WN_ENOMEM. */
static wn_status add_line(char ***v, size_t *n, size_t *cap, size_t max, const char *s, size_t len,
                          const char *base) {
    while (len && (*s == ' ' || *s == '\t' || *s == '\r')) s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')) len--;
    if (!len || *s == '#') return WN_OK;
    if (*n >= max) return WN_ETOOBIG;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        char **nv = realloc(*v, nc * sizeof *nv);
        if (!nv) return WN_ENOMEM;
        *v = nv;
        *cap = nc;
    }
    char head[16];
    size_t hl = len < sizeof head - 1 ? len : sizeof head - 1;
    memcpy(head, s, hl);
    head[hl] = '\0';
    int relative = base && *base && s[0] != '/' && !wn_is_url(head);
    size_t bl = relative ? strlen(base) : 0;
    int slash = relative && base[bl - 1] != '/' && s[0] != '/';
    char *e = malloc(bl + (size_t)slash + len + 1);
    if (!e) return WN_ENOMEM;
    memcpy(e, base ? base : "", bl);
    if (slash) e[bl] = '/';
    memcpy(e + bl + (size_t)slash, s, len);
    e[bl + (size_t)slash + len] = '\0';
    (*v)[(*n)++] = e;
    return WN_OK;
}

wn_status wn_sources_read(const char *path, const char *base, size_t max_lines, char ***list, size_t *n, char *err,
                          size_t errlen) {
    *list = NULL;
    *n = 0;
    if (!max_lines) max_lines = 10u * 1000u * 1000u;
    gzFile f = gzopen(path, "rb");
    if (!f) {
        int e = errno ? errno : ENOMEM;
        if (err && errlen) snprintf(err, errlen, "%s: %s", path, strerror(e));
        errno = e;
        return WN_EIO;
    }
    wn_buf_t line;
    wn_buf_init(&line, LINE_MAX_BYTES);
    char chunk[16384];
    size_t cap = 0;
    wn_status st = WN_OK;
    int r;
    while (st == WN_OK && (r = gzread(f, chunk, sizeof chunk)) > 0) {
        const char *p = chunk, *end = chunk + r;
        while (st == WN_OK && p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *stop = nl ? nl : end;
            st = wn_buf_add(&line, p, (size_t)(stop - p));
            if (st == WN_OK && nl) {
                st = add_line(list, n, &cap, max_lines, line.data ? line.data : "", line.len, base);
                wn_buf_reset(&line);
            }
            p = nl ? nl + 1 : end;
        }
    }
    if (st == WN_OK && r < 0) {
        int ze = 0;
        const char *m = gzerror(f, &ze);
        if (err && errlen) snprintf(err, errlen, "%s: %s", path, ze == Z_ERRNO ? strerror(errno) : m);
        st = WN_EIO;
    } else if (st == WN_OK && line.len) {
        st = add_line(list, n, &cap, max_lines, line.data, line.len, base);
    }
    if (st == WN_ETOOBIG && err && errlen)
        snprintf(err, errlen, "%s: more than %zu lines, or a line over %u bytes", path, max_lines, LINE_MAX_BYTES);
    else if (st == WN_ENOMEM && err && errlen)
        snprintf(err, errlen, "%s: out of memory", path);
    wn_buf_free(&line);
    gzclose(f);
    if (st != WN_OK) wn_sources_free(list, *n), *n = 0;
    return st;
}
