/* hostmem.c -- cross-page boilerplate memory per host (winnow/hostmem.h).
 *
 * For every host, an open-addressing table maps the fingerprint of a block
 * (FNV-1a 64 of the line with whitespace runs collapsed, ASCII letters
 * lower-cased, curly quotes and dashes folded to ASCII) to the number of pages it was seen on. A page's blocks are
 * first judged against the table (what earlier pages recorded), then
 * recorded, so the output of page N depends only on pages 1..N-1 in input
 * order.
 *
 * Bounds: at most max_hosts hosts (the least recently seen one is forgotten
 * to make room: deterministic, since "recent" is the input order), at most
 * max_blocks_per_host distinct blocks per host (beyond that, new blocks of
 * that host are not recorded; known ones still count), table load <= 1/2.
 * Worst case: max_hosts * 2 * next_pow2(max_blocks_per_host) * 16 bytes
 * (64 MiB with the defaults) plus the host names (<= 255 bytes each).
 */
#include "winnow/hostmem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HOST_MAX 255      /* longest host name kept (DNS limit is 253) */
#define LONE_SHORT 40     /* see decide(): a lone repeated line shorter than this is kept */
#define LONG_SAMPLE 4     /* paragraphs per page remembered to recognise copies (see wn_hostmem_apply) */
#define LONG_CHARS 100    /* ... of at least this many characters */
#define MAX_LINES 65536   /* lines judged per page; the rest of a longer text is kept as it is */
#define LONG_SALT 0x9e3779b97f4a7c15ULL /* their fingerprints, apart from the blocks' */

typedef struct slot {
    uint64_t fp;    /* 0: empty */
    uint32_t pages; /* pages of the host the block was seen on */
    uint32_t stamp; /* low bits of the serial of the last page that counted it */
} slot_t;

typedef struct host {
    char *name;     /* malloc'd, NUL-terminated; NULL: unused entry */
    uint64_t key;   /* hash of name */
    uint64_t used;  /* clock of the last page of this host (LRU) */
    slot_t *slots;  /* malloc'd, cap entries */
    size_t cap, n;  /* cap: 0 or a power of two; n: occupied slots */
} host_t;

struct wn_hostmem {
    wn_hostmem_opts_t o;
    host_t *hosts; /* malloc'd, n_hosts used of hosts_cap */
    size_t n_hosts, hosts_cap;
    uint64_t clock;  /* pages applied (with a host) */
    size_t dropped;  /* blocks dropped, all hosts */
    size_t copies;   /* pages judged copies of earlier ones */
};

/* One non-blank line of doc->text. */
typedef struct line {
    size_t start, end; /* byte range in the text, end excludes the newline */
    uint64_t fp;       /* fingerprint, when eligible */
    uint64_t lfp;      /* salted fingerprint, when is_long */
    size_t chars;      /* characters of the normalised line */
    unsigned char eligible, repeated, drop;
    unsigned char is_long; /* >= LONG_CHARS characters: may serve to recognise copies */
} line_t;

void wn_hostmem_opts_init(wn_hostmem_opts_t *o) {
    o->min_pages = 3;
    o->max_hosts = 1024;
    o->max_blocks_per_host = 2048;
    o->max_block_chars = 300;
}

wn_hostmem_t *wn_hostmem_new(const wn_hostmem_opts_t *o) {
    wn_hostmem_t *hm = calloc(1, sizeof *hm);
    if (!hm) return NULL;
    wn_hostmem_opts_init(&hm->o);
    if (o) {
        if (o->min_pages) hm->o.min_pages = o->min_pages;
        if (o->max_hosts) hm->o.max_hosts = o->max_hosts;
        if (o->max_blocks_per_host) hm->o.max_blocks_per_host = o->max_blocks_per_host;
        if (o->max_block_chars) hm->o.max_block_chars = o->max_block_chars;
    }
    /* The table cap is a power of two >= 2 * max_blocks: keep it sane. */
    if (hm->o.max_blocks_per_host > ((size_t)1 << 24)) hm->o.max_blocks_per_host = (size_t)1 << 24;
    return hm;
}

static void host_clear(host_t *h) {
    free(h->name);
    free(h->slots);
    memset(h, 0, sizeof *h);
}

void wn_hostmem_destroy(wn_hostmem_t **self) {
    if (!self || !*self) return;
    wn_hostmem_t *hm = *self;
    for (size_t i = 0; i < hm->n_hosts; i++) host_clear(&hm->hosts[i]);
    free(hm->hosts);
    free(hm);
    *self = NULL;
}

size_t wn_hostmem_dropped(const wn_hostmem_t *hm) { return hm ? hm->dropped : 0; }

size_t wn_hostmem_copies(const wn_hostmem_t *hm) { return hm ? hm->copies : 0; }

static uint64_t fnv_byte(uint64_t h, unsigned char c) { return (h ^ c) * 0x100000001b3ULL; }

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

size_t wn_hostmem_host(const char *url, char *out, size_t cap) {
    if (!url || !out || cap == 0) return 0;
    out[0] = '\0';
    const char *p = strstr(url, "://");
    if (!p) return 0;
    /* the scheme is letters, digits, + - . only */
    for (const char *s = url; s < p; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '+' ||
              *s == '-' || *s == '.'))
            return 0;
    p += 3;
    size_t alen = strcspn(p, "/?#");
    const char *a = p, *aend = p + alen;
    const char *at = NULL;
    for (const char *s = a; s < aend; s++)
        if (*s == '@') at = s;
    if (at) a = at + 1; /* userinfo */
    const char *hend = aend;
    if (a < aend && *a == '[') { /* IPv6 literal */
        const char *rb = memchr(a, ']', (size_t)(aend - a));
        if (!rb) return 0;
        hend = rb + 1;
    } else {
        const char *colon = memchr(a, ':', (size_t)(aend - a));
        if (colon) hend = colon;
    }
    if (hend - a >= 4 && (a[0] == 'w' || a[0] == 'W') && (a[1] == 'w' || a[1] == 'W') &&
        (a[2] == 'w' || a[2] == 'W') && a[3] == '.')
        a += 4;
    while (hend > a && hend[-1] == '.') hend--;
    size_t n = (size_t)(hend - a);
    if (n == 0 || n > HOST_MAX || n >= cap) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = a[i];
        if ((unsigned char)c <= ' ') return 0;
        out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = '\0';
    return n;
}

/* The host entry for `name` (hash `key`), created if new; the least
 * recently used host is forgotten when max_hosts are known. Returns NULL on
 * allocation failure. The entry is owned by hm. */
static host_t *host_get(wn_hostmem_t *hm, const char *name, uint64_t key) {
    for (size_t i = 0; i < hm->n_hosts; i++)
        if (hm->hosts[i].key == key && !strcmp(hm->hosts[i].name, name)) return &hm->hosts[i];
    char *copy = strdup(name);
    if (!copy) return NULL;
    host_t *h;
    if (hm->n_hosts < hm->o.max_hosts) {
        if (hm->n_hosts == hm->hosts_cap) {
            size_t nc = hm->hosts_cap ? hm->hosts_cap * 2 : 16;
            if (nc > hm->o.max_hosts) nc = hm->o.max_hosts;
            host_t *nh = realloc(hm->hosts, nc * sizeof *nh);
            if (!nh) {
                free(copy);
                return NULL;
            }
            hm->hosts = nh;
            hm->hosts_cap = nc;
        }
        h = &hm->hosts[hm->n_hosts++];
        memset(h, 0, sizeof *h);
    } else { /* forget the least recently seen host (lowest clock: unique, deterministic) */
        h = &hm->hosts[0];
        for (size_t i = 1; i < hm->n_hosts; i++)
            if (hm->hosts[i].used < h->used) h = &hm->hosts[i];
        host_clear(h);
    }
    h->name = copy;
    h->key = key;
    return h;
}

/* The slot holding `fp`, or the empty slot where it would go. h->cap > 0. */
static slot_t *slot_find(host_t *h, uint64_t fp) {
    size_t mask = h->cap - 1;
    size_t i = (size_t)(fp ^ (fp >> 29)) & mask;
    while (h->slots[i].fp && h->slots[i].fp != fp) i = (i + 1) & mask;
    return &h->slots[i];
}

/* Makes room for `want` entries at load <= 1/2. Returns WN_OK or WN_ENOMEM
 * (table unchanged). */
static wn_status host_reserve(host_t *h, size_t want) {
    size_t need = 16;
    while (need < want * 2) need *= 2;
    if (need <= h->cap) return WN_OK;
    slot_t *old = h->slots;
    size_t oldcap = h->cap;
    h->slots = calloc(need, sizeof *h->slots);
    if (!h->slots) {
        h->slots = old;
        return WN_ENOMEM;
    }
    h->cap = need;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].fp) *slot_find(h, old[i].fp) = old[i];
    free(old);
    return WN_OK;
}

/* Fingerprints text[l->start, l->end): sets eligible, fp, is_long, lfp and
 * chars. A line is not eligible when it has no letter or digit (rules,
 * "* * *", "|---|"), when it is a Markdown table row or fence, or when it is
 * longer than max_chars characters. is_long (>= LONG_CHARS characters, any
 * length above) marks paragraphs that may serve to recognise copies. */
static void fingerprint(line_t *l, const char *text, size_t max_chars) {
    const unsigned char *s = (const unsigned char *)text + l->start, *e = (const unsigned char *)text + l->end;
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t chars = 0;
    int pending = 0, alnum = 0;
    l->eligible = 0;
    while (s < e && is_space(*s)) s++;
    if (s < e && *s == '|') return;
    for (; s < e; s++) {
        unsigned char c = *s;
        /* typographic variants count as their ASCII forms: two copies of one
         * article differed only in curly quotes and dashes (dev set) */
        if (c == 0xC2 && e - s >= 2 && s[1] == 0xA0) { /* no-break space */
            s++;
            c = ' ';
        } else if (c == 0xE2 && e - s >= 3 && s[1] == 0x80) {
            unsigned char d = s[2];
            if (d == 0x98 || d == 0x99) c = '\'';      /* ‘ ’ */
            else if (d == 0x9C || d == 0x9D) c = '"';  /* “ ” */
            else if (d >= 0x90 && d <= 0x95) c = '-';  /* hyphens, – — ― */
            if (c != 0xE2) s += 2;
        }
        if (is_space(c)) {
            pending = 1;
            continue;
        }
        if (pending) {
            h = fnv_byte(h, ' ');
            chars++;
            pending = 0;
        }
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) alnum = 1;
        h = fnv_byte(h, c);
        if ((c & 0xC0) != 0x80) chars++;
    }
    if (!alnum) return;
    l->chars = chars;
    l->eligible = chars <= max_chars;
    l->fp = h ? h : 1;
    l->is_long = chars >= LONG_CHARS;
    l->lfp = (h ^ LONG_SALT) ? (h ^ LONG_SALT) : 1;
}

/* Whether text[a, b) starts (after blanks) with a Markdown fence "```". */
static int is_fence(const char *text, size_t a, size_t b) {
    while (a < b && is_space((unsigned char)text[a])) a++;
    return b - a >= 3 && !memcmp(text + a, "```", 3);
}

/* Splits text into non-blank lines, at most MAX_LINES (what follows them
 * is left alone: rewrite() keeps it as trailing bytes). Returns the count;
 * *out is malloc'd (the caller frees it), NULL with *oom set on allocation
 * failure. */
static size_t split_lines(const char *text, size_t len, size_t max_chars, line_t **out, int *oom) {
    size_t cap = 1;
    for (size_t i = 0; i < len && cap < MAX_LINES; i++)
        if (text[i] == '\n') cap++;
    *out = NULL;
    line_t *ls = malloc(cap * sizeof *ls);
    if (!ls) {
        *oom = 1;
        return 0;
    }
    size_t n = 0;
    int in_fence = 0;
    for (size_t a = 0; a < len && n < cap;) {
        const char *nl = memchr(text + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - text) : len;
        size_t k = a;
        while (k < b && is_space((unsigned char)text[k])) k++;
        if (k < b) {
            line_t *l = &ls[n++];
            memset(l, 0, sizeof *l);
            l->start = a;
            l->end = b;
            if (is_fence(text, a, b)) in_fence = !in_fence; /* fences and their contents: never dropped */
            else if (!in_fence) fingerprint(l, text, max_chars);
        }
        a = b + 1;
    }
    *out = ls;
    return n;
}

/* Marks the lines to drop: every repeated line, except a short one standing
 * alone between two lines that are not repeated. The exception keeps the
 * section headings a site's template puts in every article ("Ingredients",
 * "Method", "Conclusion") while chrome, which comes in runs (a "What's Hot"
 * heading and its items) or at the edges of the text ("Subscribe to our
 * newsletter" last), goes. Returns the count of lines marked. */
static size_t decide(line_t *ls, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ls[i].repeated) continue;
        int lone = i > 0 && i + 1 < n && !ls[i - 1].repeated && !ls[i + 1].repeated;
        if (lone && ls[i].chars < LONE_SHORT) continue;
        ls[i].drop = 1;
        k++;
    }
    return k;
}

/* Rewrites text in place without the dropped lines. Between two kept lines
 * goes the separator with the most newlines among those the dropped lines
 * stood between (a paragraph break wins over a list's single newline).
 * Returns the new length; text stays NUL-terminated. */
static size_t rewrite(char *text, size_t len, const line_t *ls, size_t n) {
    size_t w = ls[0].start; /* leading blanks stay */
    int any = 0;
    size_t sep_a = 0, sep_b = 0, sep_nl = 0; /* best separator since the last kept line */
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            size_t a = ls[i - 1].end, b = ls[i].start, nl = 0;
            for (size_t j = a; j < b; j++) nl += text[j] == '\n';
            if (nl > sep_nl) sep_a = a, sep_b = b, sep_nl = nl;
        }
        if (ls[i].drop) continue;
        if (any) {
            memmove(text + w, text + sep_a, sep_b - sep_a);
            w += sep_b - sep_a;
        }
        size_t l = ls[i].end - ls[i].start;
        memmove(text + w, text + ls[i].start, l);
        w += l;
        any = 1;
        sep_nl = 0;
    }
    if (any) { /* trailing bytes after the last line stay */
        size_t t = len - ls[n - 1].end;
        memmove(text + w, text + ls[n - 1].end, t);
        w += t;
    } else {
        w = 0;
    }
    text[w] = '\0';
    return w;
}

/* Counts `fp` once for the page `stamp`; a new fingerprint is only added
 * while the host has fewer than max_blocks_per_host (room was reserved). */
static void record(const wn_hostmem_t *hm, host_t *h, uint64_t fp, uint32_t stamp) {
    slot_t *s = slot_find(h, fp);
    if (s->fp) {
        if (s->stamp != stamp) {
            if (s->pages < UINT32_MAX) s->pages++;
            s->stamp = stamp;
        }
    } else if (h->n < hm->o.max_blocks_per_host) {
        s->fp = fp;
        s->pages = 1;
        s->stamp = stamp;
        h->n++;
    }
}

wn_status wn_hostmem_apply(wn_hostmem_t *hm, wn_doc_t *doc) {
    if (!hm || !doc) return WN_EINVAL;
    char name[HOST_MAX + 1];
    if (!wn_hostmem_host(doc->url, name, sizeof name) && !wn_hostmem_host(doc->canonical_url, name, sizeof name))
        return WN_OK;
    if (!doc->text || !doc->text_len) return WN_OK;
    int oom = 0;
    line_t *ls = NULL;
    size_t n = split_lines(doc->text, doc->text_len, hm->o.max_block_chars, &ls, &oom);
    wn_status st = WN_OK;
    if (oom) return WN_ENOMEM;
    if (n == 0) goto out;
    uint64_t key = 0xcbf29ce484222325ULL;
    for (const char *p = name; *p; p++) key = fnv_byte(key, (unsigned char)*p);
    host_t *h = host_get(hm, name, key);
    if (!h) {
        st = WN_ENOMEM;
        goto out;
    }
    size_t elig = 0, n_long = 0;
    for (size_t i = 0; i < n; i++) {
        if (ls[i].is_long && n_long < LONG_SAMPLE) n_long++;
        else ls[i].is_long = 0; /* only the first LONG_SAMPLE are the sample */
        elig += ls[i].eligible + ls[i].is_long;
    }
    size_t want = h->n + elig;
    if (want > hm->o.max_blocks_per_host) want = hm->o.max_blocks_per_host;
    if (want < h->n) want = h->n;
    st = host_reserve(h, want);
    if (st != WN_OK) goto out;
    hm->clock++;
    h->used = hm->clock;
    uint32_t stamp = (uint32_t)(hm->clock & 0xffffffffu);
    /* A page whose first paragraphs of LONG_CHARS or more (more than half
     * of up to LONG_SAMPLE) were already seen on this host is a copy of an
     * earlier page (the same URL fetched again, an article under two URLs;
     * without this, four dev-set articles lost their text at min_pages 1):
     * its blocks are repeated because the article is, not because they are
     * chrome. It is neither filtered nor recorded. */
    size_t seen_long = 0;
    for (size_t i = 0; i < n; i++)
        if (ls[i].is_long && slot_find(h, ls[i].lfp)->fp) seen_long++;
    if (n_long && seen_long * 2 > n_long) {
        hm->copies++;
        goto out;
    }
    /* judge against earlier pages */
    for (size_t i = 0; i < n; i++) {
        if (!ls[i].eligible) continue;
        const slot_t *s = slot_find(h, ls[i].fp);
        ls[i].repeated = s->fp && s->pages >= hm->o.min_pages;
    }
    size_t k = decide(ls, n);
    /* then record this page, once per block */
    for (size_t i = 0; i < n; i++) {
        if (ls[i].eligible) record(hm, h, ls[i].fp, stamp);
        if (ls[i].is_long) record(hm, h, ls[i].lfp, stamp);
    }
    if (k) {
        doc->text_len = rewrite(doc->text, doc->text_len, ls, n);
        hm->dropped += k;
    }
out:
    free(ls);
    return st;
}
