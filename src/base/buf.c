/* buf.c -- growable byte buffer with a size cap (see winnow/buf.h). */
#include "winnow/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WN_BUF_MIN 256

void wn_buf_init(wn_buf_t *b, size_t max) {
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void wn_buf_free(wn_buf_t *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void wn_buf_reset(wn_buf_t *b) {
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

wn_status wn_buf_reserve(wn_buf_t *b, size_t n, char **space) {
    if (n > b->max || b->len > b->max - n) return WN_ETOOBIG;
    size_t need = b->len + n + 1; /* +1 for the NUL */
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : WN_BUF_MIN;
        while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        char *p = realloc(b->data, cap);
        if (!p) return WN_ENOMEM;
        b->data = p;
        b->cap = cap;
    }
    if (space) *space = b->data + b->len;
    return WN_OK;
}

wn_status wn_buf_add(wn_buf_t *b, const void *p, size_t n) {
    char *dst;
    wn_status st = wn_buf_reserve(b, n, &dst);
    if (st != WN_OK) return st;
    if (n) memcpy(dst, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return WN_OK;
}

wn_status wn_buf_adds(wn_buf_t *b, const char *s) { return wn_buf_add(b, s, strlen(s)); }

wn_status wn_buf_addc(wn_buf_t *b, char c) { return wn_buf_add(b, &c, 1); }

wn_status wn_buf_printf(wn_buf_t *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return WN_EINVAL;
    char *dst;
    wn_status st = wn_buf_reserve(b, (size_t)n, &dst);
    if (st != WN_OK) return st;
    va_start(ap, fmt);
    vsnprintf(dst, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return WN_OK;
}

char *wn_buf_steal(wn_buf_t *b, size_t *len) {
    char *p = b->data;
    if (len) *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
