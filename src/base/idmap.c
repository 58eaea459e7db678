/* idmap.c -- string-keyed open-addressing hash map (see idmap.h). */
#include "base/idmap.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key; /* owned, NUL-terminated; NULL: empty slot */
    size_t len;
    uint64_t hash;
    uint32_t value;
} slot_t;

struct wn_idmap {
    slot_t *slots;
    size_t cap; /* power of two */
    size_t count;
    size_t max;
};

/* FNV-1a, 64 bits: ids are short and hashing is not on a hot path. */
static uint64_t hash_of(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

wn_idmap_t *wn_idmap_new(size_t max_entries) {
    wn_idmap_t *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->cap = 64;
    m->max = max_entries;
    m->slots = calloc(m->cap, sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return NULL;
    }
    return m;
}

void wn_idmap_destroy(wn_idmap_t **self) {
    if (!self || !*self) return;
    wn_idmap_t *m = *self;
    for (size_t i = 0; i < m->cap; i++) free(m->slots[i].key);
    free(m->slots);
    free(m);
    *self = NULL;
}

static size_t find(const wn_idmap_t *m, const char *id, size_t len, uint64_t h) {
    size_t mask = m->cap - 1;
    size_t i = (size_t)h & mask;
    while (m->slots[i].key) {
        const slot_t *s = &m->slots[i];
        if (s->hash == h && s->len == len && !memcmp(s->key, id, len)) return i;
        i = (i + 1) & mask;
    }
    return i; /* empty slot where it would go */
}

static wn_status grow(wn_idmap_t *m) {
    size_t ncap = m->cap * 2;
    slot_t *ns = calloc(ncap, sizeof *ns);
    if (!ns) return WN_ENOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key) continue;
        size_t j = (size_t)m->slots[i].hash & (ncap - 1);
        while (ns[j].key) j = (j + 1) & (ncap - 1);
        ns[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return WN_OK;
}

wn_status wn_idmap_put(wn_idmap_t *m, const char *id, size_t len, uint32_t value) {
    uint64_t h = hash_of(id, len);
    size_t i = find(m, id, len, h);
    if (m->slots[i].key) {
        m->slots[i].value = value;
        return WN_OK;
    }
    if (m->max && m->count >= m->max) return WN_ETOOBIG;
    if ((m->count + 1) * 4 > m->cap * 3) { /* keep load under 3/4 */
        wn_status st = grow(m);
        if (st != WN_OK) return st;
        i = find(m, id, len, h);
    }
    char *k = malloc(len + 1);
    if (!k) return WN_ENOMEM;
    memcpy(k, id, len);
    k[len] = '\0';
    m->slots[i] = (slot_t){k, len, h, value};
    m->count++;
    return WN_OK;
}

int wn_idmap_get(const wn_idmap_t *m, const char *id, size_t len, uint32_t *value) {
    size_t i = find(m, id, len, hash_of(id, len));
    if (!m->slots[i].key) return 0;
    if (value) *value = m->slots[i].value;
    return 1;
}

int wn_idmap_del(wn_idmap_t *m, const char *id, size_t len) {
    size_t mask = m->cap - 1;
    size_t i = find(m, id, len, hash_of(id, len));
    if (!m->slots[i].key) return 0;
    free(m->slots[i].key);
    m->slots[i].key = NULL;
    m->count--;
    /* Backward-shift: move later entries of the probe run into the hole when
     * their home slot is at or before it, so lookups never stop early. */
    size_t j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (!m->slots[j].key) break;
        size_t home = (size_t)m->slots[j].hash & mask;
        /* distance from home to j vs from home to the hole i (cyclic) */
        if (((j - home) & mask) >= ((j - i) & mask)) {
            m->slots[i] = m->slots[j];
            m->slots[j].key = NULL;
            i = j;
        }
    }
    return 1;
}

size_t wn_idmap_count(const wn_idmap_t *m) { return m->count; }

/* MurmurHash3 x64_128 (Austin Appleby, public domain), seed 0. */
static uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static uint64_t fmix64(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

void wn_id_digest(const char *id, size_t len, unsigned char out[16]) {
    const unsigned char *data = (const unsigned char *)id;
    size_t nblocks = len / 16;
    uint64_t h1 = 0, h2 = 0;
    const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
    for (size_t i = 0; i < nblocks; i++) {
        uint64_t k1, k2;
        memcpy(&k1, data + i * 16, 8);
        memcpy(&k2, data + i * 16 + 8, 8);
        k1 *= c1;
        k1 = rotl64(k1, 31);
        k1 *= c2;
        h1 ^= k1;
        h1 = rotl64(h1, 27);
        h1 += h2;
        h1 = h1 * 5 + 0x52dce729;
        k2 *= c2;
        k2 = rotl64(k2, 33);
        k2 *= c1;
        h2 ^= k2;
        h2 = rotl64(h2, 31);
        h2 += h1;
        h2 = h2 * 5 + 0x38495ab5;
    }
    const unsigned char *tail = data + nblocks * 16;
    uint64_t k1 = 0, k2 = 0;
    switch (len & 15) {
    case 15: k2 ^= (uint64_t)tail[14] << 48; /* fall through */
    case 14: k2 ^= (uint64_t)tail[13] << 40; /* fall through */
    case 13: k2 ^= (uint64_t)tail[12] << 32; /* fall through */
    case 12: k2 ^= (uint64_t)tail[11] << 24; /* fall through */
    case 11: k2 ^= (uint64_t)tail[10] << 16; /* fall through */
    case 10: k2 ^= (uint64_t)tail[9] << 8;   /* fall through */
    case 9:
        k2 ^= (uint64_t)tail[8];
        k2 *= c2;
        k2 = rotl64(k2, 33);
        k2 *= c1;
        h2 ^= k2;
        /* fall through */
    case 8: k1 ^= (uint64_t)tail[7] << 56; /* fall through */
    case 7: k1 ^= (uint64_t)tail[6] << 48; /* fall through */
    case 6: k1 ^= (uint64_t)tail[5] << 40; /* fall through */
    case 5: k1 ^= (uint64_t)tail[4] << 32; /* fall through */
    case 4: k1 ^= (uint64_t)tail[3] << 24; /* fall through */
    case 3: k1 ^= (uint64_t)tail[2] << 16; /* fall through */
    case 2: k1 ^= (uint64_t)tail[1] << 8;  /* fall through */
    case 1:
        k1 ^= (uint64_t)tail[0];
        k1 *= c1;
        k1 = rotl64(k1, 31);
        k1 *= c2;
        h1 ^= k1;
        break;
    default: break;
    }
    h1 ^= (uint64_t)len;
    h2 ^= (uint64_t)len;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;
    memcpy(out, &h1, 8);
    memcpy(out + 8, &h2, 8);
}
