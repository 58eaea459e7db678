/* wordset.c -- hash sets of vocabulary words (see wordset.h).
 *
 * Open addressing with linear probing, a power-of-two table at most half
 * full; keys are hashed after ASCII case folding, so that a lookup agrees
 * with the strlen + strncasecmp scan it replaces.
 */
#include "wordset.h"

#include <string.h>
#include <strings.h>

struct wn_wordset {
    uint32_t mask;      /* table size - 1 */
    const char **key;   /* NULL: empty slot */
    uint32_t *len;      /* key lengths */
};

static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

/* FNV-1a of the folded bytes of w[0..n). */
static uint32_t hash(const char *w, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < n; k++) h = (h ^ fold((unsigned char)w[k])) * 16777619u;
    return h;
}

wn_wordset_t *wn_wordset_new(wn_arena_t *a, const char *const *list) {
    size_t n = 0;
    while (list[n]) n++;
    size_t size = 16;
    while (size < 2 * n + 2) size *= 2;
    wn_wordset_t *s = wn_arena_alloc(a, sizeof *s);
    const char **key = wn_arena_calloc(a, size * sizeof *key);
    uint32_t *len = wn_arena_alloc(a, size * sizeof *len);
    if (!s || !key || !len) return NULL;
    s->mask = (uint32_t)size - 1;
    s->key = key;
    s->len = len;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(list[i]);
        if (wn_wordset_has(s, list[i], l)) continue; /* a duplicate entry */
        uint32_t h = hash(list[i], l) & s->mask;
        while (key[h]) h = (h + 1) & s->mask;
        key[h] = list[i];
        len[h] = (uint32_t)l;
    }
    return s;
}

int wn_wordset_has(const wn_wordset_t *s, const char *w, size_t n) {
    for (uint32_t h = hash(w, n) & s->mask; s->key[h]; h = (h + 1) & s->mask)
        if (s->len[h] == n && !strncasecmp(s->key[h], w, n)) return 1;
    return 0;
}

int wn_wordset_in(const wn_wordset_t *s, const char *const *list, const char *w, size_t n) {
    if (s) return wn_wordset_has(s, w, n);
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && !strncasecmp(list[i], w, n)) return 1;
    return 0;
}
