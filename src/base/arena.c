/* arena.c -- bump allocator freed in one step (see winnow/arena.h). */
#include "winnow/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WN_ARENA_BLOCK (256u * 1024u) /* default block: fits a typical page */
#define WN_ARENA_ALIGN alignof(max_align_t)

typedef struct wn_block {
    struct wn_block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
} wn_block;

struct wn_arena {
    wn_block *head; /* current block; older blocks follow via next */
    size_t max;     /* cap on bytes handed out, 0 = none */
    size_t used;    /* bytes handed out since reset */
    size_t peak;
    int failed;
    int over; /* Gumbo went past the cap (see wn_arena_gumbo_alloc) */
};

/* Block payload starts after the header, rounded up to the alignment. */
#define WN_HDR ((sizeof(wn_block) + WN_ARENA_ALIGN - 1) & ~(WN_ARENA_ALIGN - 1))

static wn_block *block_new(size_t size) {
    if (size > SIZE_MAX - WN_HDR) return NULL;
    wn_block *b = malloc(WN_HDR + size);
    if (!b) return NULL;
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

wn_arena_t *wn_arena_new(size_t max_bytes) {
    wn_arena_t *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->max = max_bytes;
    return a;
}

void wn_arena_destroy(wn_arena_t **self) {
    if (!self || !*self) return;
    wn_block *b = (*self)->head;
    while (b) {
        wn_block *next = b->next;
        free(b);
        b = next;
    }
    free(*self);
    *self = NULL;
}

/* wn_arena_alloc; past the cap only when `capped` is 0 (Gumbo's overdraft). */
static void *arena_alloc(wn_arena_t *a, size_t n, int capped) {
    if (n == 0) n = 1;
    if (n > SIZE_MAX - WN_ARENA_ALIGN) goto fail;
    n = (n + WN_ARENA_ALIGN - 1) & ~(WN_ARENA_ALIGN - 1);
    if (capped && a->max && (n > a->max || a->used > a->max - n)) goto fail;
    wn_block *b = a->head;
    if (!b || b->size - b->used < n) {
        /* Big requests get a block of their own so the tail of the
         * current block is not wasted on them. */
        size_t size = n > WN_ARENA_BLOCK / 4 ? n : WN_ARENA_BLOCK;
        wn_block *nb = block_new(size);
        if (!nb) goto fail;
        if (b && size == n) { /* keep using the current block afterwards */
            nb->next = b->next;
            b->next = nb;
            nb->used = n;
            a->used += n;
            if (a->used > a->peak) a->peak = a->used;
            return (char *)nb + WN_HDR;
        }
        nb->next = b;
        a->head = b = nb;
    }
    void *p = (char *)b + WN_HDR + b->used;
    b->used += n;
    a->used += n;
    if (a->used > a->peak) a->peak = a->used;
    return p;
fail:
    a->failed = 1;
    return NULL;
}

void *wn_arena_alloc(wn_arena_t *a, size_t n) { return arena_alloc(a, n, 1); }

void *wn_arena_calloc(wn_arena_t *a, size_t n) {
    void *p = wn_arena_alloc(a, n);
    if (p) memset(p, 0, n);
    return p;
}

char *wn_arena_strndup(wn_arena_t *a, const char *s, size_t n) {
    if (n == SIZE_MAX) return NULL;
    char *p = wn_arena_alloc(a, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void wn_arena_reset(wn_arena_t *a) {
    /* Keep the largest standard block (the last of the list is the oldest);
     * free the rest. */
    wn_block *keep = NULL, *b = a->head;
    while (b) {
        wn_block *next = b->next;
        if (!keep && b->size == WN_ARENA_BLOCK) {
            keep = b;
        } else {
            free(b);
        }
        b = next;
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
    a->used = 0;
    a->failed = 0;
    a->over = 0;
}

size_t wn_arena_used(const wn_arena_t *a) { return a->used; }
size_t wn_arena_peak(const wn_arena_t *a) { return a->peak; }
int wn_arena_failed(const wn_arena_t *a) { return a->failed; }

void *wn_arena_gumbo_alloc(void *arena, size_t n) {
    /* Gumbo allocates for every token and node (1.5 million calls on 110
     * dev pages): wn_arena_alloc's common case inline -- room in the
     * current block, under the cap -- and everything else through it. */
    wn_arena_t *a = arena;
    wn_block *b = a->head;
    if (b && n && n <= WN_ARENA_BLOCK) {
        size_t m = (n + WN_ARENA_ALIGN - 1) & ~(WN_ARENA_ALIGN - 1);
        if (b->size - b->used >= m && (!a->max || a->over || (m <= a->max && a->used <= a->max - m))) {
            void *p = (char *)b + WN_HDR + b->used;
            b->used += m;
            a->used += m;
            if (a->used > a->peak) a->peak = a->used;
            return p;
        }
    }
    if (!a->over) {
        void *p = arena_alloc(a, n, 1);
        if (p) return p;
        a->over = 1;
    }
    /* Past the cap. Gumbo dereferences what its allocator returns
     * unchecked (a NULL here crashed the worker on a page at the size cap
     * with millions of elements): its allocations still succeed, in blocks
     * freed at reset like the others, and the arena stays marked failed so
     * that the caller reports the page. The pre-scan's parse budget bounds
     * what Gumbo is fed, hence this overdraft. NULL only if malloc fails. */
    return arena_alloc(a, n, 0);
}

void wn_arena_gumbo_free(void *arena, void *p) {
    (void)arena;
    (void)p;
}
