/* wordset.c -- hash sets of vocabulary words (see wordset.h).
 *
 * Open addressing with linear probing, a power-of-two table at most half
 * full; keys are hashed after ASCII case folding, so that a lookup agrees
 * with the strlen + strncasecmp scan it replaces.
 */
#include "base/wordset.h"

#include <string.h>
#include <strings.h>

struct wn_wordset {
    uint32_t mask;      /* table size - 1 */
    const char **key;   /* NULL: empty slot */
    uint32_t *len;      /* key lengths */
};

static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

/* A hash of w[0..n) from its length and its first two and last two bytes,
 * folded: vocabulary words are short and differ there; a collision only
 * costs a compare. */
static uint32_t hash(const char *w, size_t n) {
    if (!n) return 0;
    uint32_t h = (uint32_t)n * 0x9E3779B1u ^ fold((unsigned char)w[0]) * 0x85EBCA77u ^
                 fold((unsigned char)w[n - 1]) * 0xC2B2AE3Du;
    if (n > 2) h ^= fold((unsigned char)w[1]) * 0x27D4EB2Fu ^ fold((unsigned char)w[n - 2]) * 0x165667B1u;
    return h ^ (h >> 15);
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
    for (uint32_t h = hash(w, n) & s->mask; s->key[h]; h = (h + 1) & s->mask) {
        if (s->len[h] != n) continue;
        /* strncasecmp(key, w, n) == 0, inline: keys are a few bytes */
        const char *k = s->key[h];
        size_t i = 0;
        while (i < n && w[i] && fold((unsigned char)k[i]) == fold((unsigned char)w[i])) i++;
        if (i == n) return 1;
    }
    return 0;
}

int wn_wordset_in(const wn_wordset_t *s, const char *const *list, const char *w, size_t n) {
    if (s) return wn_wordset_has(s, w, n);
    if (!n) {
        for (size_t i = 0; list[i]; i++)
            if (!list[i][0]) return 1;
        return 0;
    }
    unsigned char c0 = fold((unsigned char)w[0]);
    for (size_t i = 0; list[i]; i++) /* first letters before lengths */
        if (fold((unsigned char)list[i][0]) == c0 && strlen(list[i]) == n && !strncasecmp(list[i], w, n)) return 1;
    return 0;
}

struct wn_substrset {
    int nocase;
    const char *const *pat; /* the patterns, in list order */
    uint32_t *plen;
    unsigned char *second;  /* each pattern's second byte (folded when nocase; 0 if none) */
    uint16_t first[257];    /* bucket b: order[first[b] .. first[b + 1]) */
    uint16_t *order;        /* pattern indices by first byte */
};

wn_substrset_t *wn_substrset_new(wn_arena_t *a, const char *const *list, int nocase) {
    size_t n = 0;
    while (list[n]) n++;
    if (n > 60000) return NULL; /* uint16_t indices */
    wn_substrset_t *s = wn_arena_alloc(a, sizeof *s);
    uint32_t *plen = wn_arena_alloc(a, (n + 1) * sizeof *plen);
    uint16_t *order = wn_arena_alloc(a, (n + 1) * sizeof *order);
    unsigned char *second = wn_arena_alloc(a, n + 1);
    if (!s || !plen || !order || !second) return NULL;
    s->second = second;
    s->nocase = nocase;
    s->pat = list;
    s->plen = plen;
    s->order = order;
    uint32_t count[256] = {0};
    for (size_t i = 0; i < n; i++) {
        plen[i] = (uint32_t)strlen(list[i]);
        second[i] = plen[i] >= 2 ? (unsigned char)list[i][1] : 0;
        if (nocase) second[i] = fold(second[i]);
        unsigned char c = (unsigned char)list[i][0];
        count[nocase ? fold(c) : c]++;
    }
    s->first[0] = 0;
    for (int b = 0; b < 256; b++) s->first[b + 1] = (uint16_t)(s->first[b] + count[b]);
    uint16_t fill[256];
    for (int b = 0; b < 256; b++) fill[b] = s->first[b];
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)list[i][0];
        order[fill[nocase ? fold(c) : c]++] = (uint16_t)i;
    }
    return s;
}

/* Nonzero if p[0..pl) matches at s (s has at least pl bytes before its NUL,
 * or a mismatch comes first). */
static int match_at(const char *s, const char *p, size_t pl, int nocase) {
    for (size_t k = 0; k < pl; k++) {
        unsigned char a = (unsigned char)s[k], b = (unsigned char)p[k];
        if (!a) return 0;
        if (nocase ? fold(a) != fold(b) : a != b) return 0;
    }
    return 1;
}

int wn_substrset_in(const wn_substrset_t *set, const char *const *list, const char *s) {
    if (!set) {
        for (size_t i = 0; list[i]; i++)
            if (strstr(s, list[i])) return 1;
        return 0;
    }
    /* an empty pattern occurs everywhere (strstr) */
    for (uint16_t k = set->first[0]; k < set->first[1]; k++)
        if (set->plen[set->order[k]] == 0) return 1;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (set->nocase) c = fold(c);
        if (set->first[c] == set->first[c + 1]) continue;
        unsigned char c1 = (unsigned char)p[1]; /* p[1] exists: at worst the NUL */
        if (set->nocase) c1 = fold(c1);
        for (uint16_t k = set->first[c]; k < set->first[c + 1]; k++) {
            uint16_t i = set->order[k];
            /* second bytes first: most candidates stop there */
            if (set->plen[i] >= 2 && set->second[i] != c1) continue;
            if (match_at(p, set->pat[i], set->plen[i], set->nocase)) return 1;
        }
    }
    return 0;
}

int wn_ci_contains(const char *hay, const char *needle) {
    size_t nl = strlen(needle);
    if (!nl) return 1;
    unsigned char c0 = fold((unsigned char)needle[0]);
    if (nl == 1) {
        for (const char *p = hay; *p; p++)
            if (fold((unsigned char)*p) == c0) return 1;
        return 0;
    }
    unsigned char c1 = fold((unsigned char)needle[1]);
    for (const char *p = hay; *p; p++)
        if (fold((unsigned char)*p) == c0 && fold((unsigned char)p[1]) == c1 && match_at(p, needle, nl, 1)) return 1;
    return 0;
}
