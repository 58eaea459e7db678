/* dom.c -- the flattened page tree and text helpers (see dom.h). */
#include "html/dom.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct frame {
    GumboNode *g;
    unsigned next; /* next child to visit */
    int idx;       /* our node index, or -1 when flattened away */
    int attach;    /* index children attach to */
    unsigned depth;
} frame_t;

/* Separators of class/id tokens (tok_in and the filter agree on them). */
static int tok_sep(unsigned char c) {
    /* ' ', '-', '\t', '\n' as bits of one word, and '_' */
    return c == '_' || (c < 64 && ((0x0000200100000600ull >> c) & 1));
}

/* The filter bits of token s[0..n) (n > 0): wn_tok_bits (dom.h). Equal
 * tokens under strncasecmp get the same bits. */
static uint64_t tok_bit(const char *s, size_t n) { return wn_tok_bits(s, n); }

/* The filter bits of every token of `s` (may be NULL), split as tok_in
 * splits. */
static uint64_t tok_bits(const char *s) {
    uint64_t b = 0;
    if (!s) return 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        while (tok_sep(*p)) p++;
        const unsigned char *q = p;
        while (*q && !tok_sep(*q)) q++;
        if (q > p) b |= tok_bit((const char *)p, (size_t)(q - p));
        p = q;
    }
    return b;
}

/* Sets the class/id values and the token filter of an element node: one
 * walk of the attribute list, with gumbo_get_attribute's semantics (the
 * first attribute whose name matches case-insensitively). */
/* The class/id value behind `v` when it is a reference to names[0..nn)
 * (a text_runs pre-scan), else `v`. */
static const char *name_value(const char *v, const wn_textrun_t *names, size_t nn) {
    unsigned k;
    if (names && (unsigned char)v[0] == 0xEF && strlen(v) == WN_NAME_REF_LEN && wn_name_ref_get(v, WN_NAME_REF_LEN, &k) &&
        k < nn)
        return names[k].text;
    return v;
}

static void node_names(wn_node_t *n, const wn_textrun_t *names, size_t nn) {
    const GumboVector *v = &n->g->v.element.attributes;
    for (unsigned k = 0; k < v->length; k++) {
        const GumboAttribute *at = v->data[k];
        n->amask |= 1u << (((unsigned char)at->name[0] | 0x20) & 31);
        if (!n->cls && !strcasecmp(at->name, "class")) n->cls = name_value(at->value, names, nn);
        else if (!n->id && !strcasecmp(at->name, "id")) n->id = name_value(at->value, names, nn);
    }
    n->toks = tok_bits(n->cls) | tok_bits(n->id);
}

static const GumboVector *children_of(GumboNode *g) {
    if (g->type == GUMBO_NODE_DOCUMENT) return &g->v.document.children;
    if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE) return &g->v.element.children;
    return NULL;
}

static void text_measure(const char *s, size_t n, uint32_t *weight, uint32_t *commas);

/* The runs of a text_runs pre-scan (NULL when none), for push_node. */
typedef struct runs_ctx {
    const wn_textrun_t *runs;
    size_t n;
    const wn_textrun_t *names;
    size_t nn;
} runs_ctx_t;

/* Finds the first reference lead (U+F8F0 or U+F8F1) in s[0..n), or NULL. */
static const char *find_lead(const char *s, size_t n) {
    const char *e = s + n;
    while ((s = memchr(s, 0xEF, (size_t)(e - s))) != NULL) {
        if (e - s >= 3 && (unsigned char)s[1] == 0xA3 && ((unsigned char)s[2] & 0xFE) == 0xB0) return s;
        s++;
    }
    return NULL;
}

/* If p[0..n) starts with a reference in range -- to a text run, or to a
 * class/id value (a page whose tags the parser read as text) -- sets *t,
 * *tl to what it stands for and returns its length; else 0. */
static size_t ref_at(const runs_ctx_t *rc, const char *p, size_t n, const char **t, size_t *tl) {
    unsigned k;
    if (wn_run_ref_get(p, n, &k) && k < rc->n) {
        *t = rc->runs[k].text;
        *tl = rc->runs[k].len;
        return WN_RUN_REF_LEN;
    }
    if (wn_name_ref_get(p, n, &k) && k < rc->nn) {
        *t = rc->names[k].text;
        *tl = rc->names[k].len;
        return WN_NAME_REF_LEN;
    }
    return 0;
}

/* Sets *text and *len to t[0..n) with each well-formed reference in range
 * replaced by what it stands for: the run itself when t is one reference,
 * else a copy in the arena. Returns 0, or -1 when out of memory. */
static int expand_refs(wn_arena_t *a, const runs_ctx_t *rc, const char *t, size_t n, const char **text,
                       size_t *len) {
    const char *r;
    size_t rl, l;
    *text = t;
    *len = n;
    const char *p = find_lead(t, n);
    if (!p) return 0;
    if (p == t && (l = ref_at(rc, t, n, &r, &rl)) == n) {
        *text = r;
        *len = rl;
        return 0;
    }
    /* measure, then copy */
    size_t total = 0;
    const char *q = t, *e = t + n;
    while (p) {
        total += (size_t)(p - q);
        if ((l = ref_at(rc, p, (size_t)(e - p), &r, &rl)) != 0) {
            total += rl;
            q = p + l;
        } else {
            total += 3;
            q = p + 3;
        }
        p = find_lead(q, (size_t)(e - q));
    }
    total += (size_t)(e - q);
    char *o = wn_arena_alloc(a, total + 1), *w = o;
    if (!o) return -1;
    q = t;
    p = find_lead(q, n);
    while (p) {
        memcpy(w, q, (size_t)(p - q));
        w += p - q;
        if ((l = ref_at(rc, p, (size_t)(e - p), &r, &rl)) != 0) {
            memcpy(w, r, rl);
            w += rl;
            q = p + l;
        } else {
            memcpy(w, p, 3);
            w += 3;
            q = p + 3;
        }
        p = find_lead(q, (size_t)(e - q));
    }
    memcpy(w, q, (size_t)(e - q));
    w += e - q;
    *w = '\0';
    *text = o;
    *len = total;
    return 0;
}

/* Appends one node; grows the array (arena) by doubling. Returns index or -1. */
static int push_node(wn_dom_t *d, wn_arena_t *a, int *cap, GumboNode *g, int parent, unsigned depth,
                     const runs_ctx_t *rc) {
    if (d->count == *cap) {
        int ncap = *cap ? *cap * 2 : 1024;
        wn_node_t *nn = wn_arena_alloc(a, (size_t)ncap * sizeof *nn);
        if (!nn) return -1;
        if (d->count) memcpy(nn, d->n, (size_t)d->count * sizeof *nn);
        d->n = nn;
        *cap = ncap;
    }
    wn_node_t *n = &d->n[d->count];
    memset(n, 0, sizeof *n);
    n->g = g;
    n->parent = parent;
    n->depth = depth;
    n->end = d->count + 1;
    if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE || g->type == GUMBO_NODE_CDATA) {
        n->tag = -1;
        n->flags = WN_F_TEXT;
        n->text = g->v.text.text;
        n->text_len = n->text ? strlen(n->text) : 0;
        if ((rc->runs || rc->names) && n->text_len >= 3 &&
            expand_refs(a, rc, n->text, n->text_len, &n->text, &n->text_len))
            return -1;
        text_measure(n->text, n->text_len, &n->tw, &n->tc);
    } else if (g->type == GUMBO_NODE_DOCUMENT) {
        n->tag = GUMBO_TAG_UNKNOWN;
    } else {
        n->tag = (int)g->v.element.tag;
        if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE) node_names(n, rc->names, rc->nn);
    }
    return d->count++;
}

/* The number of nodes under and including root, comments too (at least
 * what wn_dom_build_runs keeps), at most max (> 0); 0 when out of memory.
 * Iterative. */
static size_t count_nodes(GumboNode *root, size_t max) {
    typedef struct {
        const GumboVector *kids;
        unsigned next;
    } cframe;
    size_t scap = 256, sp = 0, k = 1;
    cframe *stack = malloc(scap * sizeof *stack);
    if (!stack) return 0;
    const GumboVector *kids = children_of(root);
    if (kids) stack[sp++] = (cframe){kids, 0};
    while (sp && k < max) {
        cframe *f = &stack[sp - 1];
        if (f->next >= f->kids->length) {
            sp--;
            continue;
        }
        GumboNode *c = f->kids->data[f->next++];
        k++;
        const GumboVector *ck = children_of(c);
        if (!ck || !ck->length) continue;
        if (sp == scap) {
            cframe *ns = realloc(stack, scap * 2 * sizeof *ns);
            if (!ns) {
                free(stack);
                return 0;
            }
            stack = ns;
            scap *= 2;
        }
        stack[sp++] = (cframe){ck, 0};
    }
    free(stack);
    return k < max ? k : max;
}

/* A <noscript> that the pre-scan kept (a large one) holding more text
 * than the rest of the page is the page as it reads without scripts: a
 * forum engine's server-rendered thread under an empty app shell. It is
 * made a <div>, so that every later pass reads it as content; any other
 * stays a <noscript> and is skipped as before (an article that repeats
 * itself there for crawlers is already on the page). One pass. */
static void unwrap_noscript(wn_dom_t *d) {
    uint64_t outside = 0, best = 0;
    int best_i = -1;
    for (int i = 0; i < d->count;) {
        const wn_node_t *n = &d->n[i];
        if (n->flags & WN_F_TEXT) {
            outside += n->tw;
            i++;
            continue;
        }
        if (n->tag == GUMBO_TAG_SCRIPT || n->tag == GUMBO_TAG_STYLE || n->tag == GUMBO_TAG_TEMPLATE ||
            n->tag == GUMBO_TAG_HEAD) {
            i = n->end > i ? n->end : i + 1;
            continue;
        }
        if (n->tag == GUMBO_TAG_NOSCRIPT) {
            uint64_t w = 0;
            for (int j = i + 1; j < n->end; j++)
                if (d->n[j].flags & WN_F_TEXT) w += d->n[j].tw;
            if (w > best) {
                best = w;
                best_i = i;
            }
            i = n->end > i ? n->end : i + 1;
            continue;
        }
        i++;
    }
    if (best_i >= 0 && best > outside) d->n[best_i].tag = GUMBO_TAG_DIV;
}

wn_status wn_dom_build(wn_dom_t *d, wn_arena_t *a, GumboNode *root, unsigned max_depth, size_t max_nodes) {
    return wn_dom_build_runs(d, a, root, max_depth, max_nodes, NULL);
}

wn_status wn_dom_build_runs(wn_dom_t *d, wn_arena_t *a, GumboNode *root, unsigned max_depth, size_t max_nodes,
                            const wn_prescan_out_t *ps) {
    memset(d, 0, sizeof *d);
    runs_ctx_t rc = {NULL, 0, NULL, 0};
    if (ps && ps->n_runs) {
        rc.runs = ps->runs;
        rc.n = ps->n_runs;
    }
    if (ps && ps->n_names) {
        rc.names = ps->names;
        rc.nn = ps->n_names;
    }
    wn_status st = WN_OK;
    /* Room for the nodes up front, so that the array is not copied at every
     * doubling: on the dev pages the arena holds at least ~260 bytes (the
     * reduced page and Gumbo's tree) per node by now. Only for pages of
     * modest size, so that a huge page's arena cap is met as before. */
    int cap = 0;
    size_t used = wn_arena_used(a);
    size_t want = 0;
    if (used < ((size_t)16 << 20) && used / 256 > 1024) {
        want = used / 256 + 64;
    } else if (used >= ((size_t)16 << 20)) {
        /* A big tree is counted first: doubling in the arena would leave
         * every smaller array behind (117 MB of them for a million nodes). */
        want = count_nodes(root, max_nodes);
        if (!want) return WN_ENOMEM;
    }
    if (want) {
        if (want > max_nodes) want = max_nodes;
        wn_node_t *nn = wn_arena_alloc(a, want * sizeof *nn);
        if (!nn) return WN_ENOMEM;
        d->n = nn;
        cap = (int)want;
    }
    size_t scap = 256, sp = 0;
    int noscripts = 0;
    frame_t *stack = malloc(scap * sizeof *stack);
    if (!stack) return WN_ENOMEM;
    int r = push_node(d, a, &cap, root, -1, 0, &rc);
    if (r < 0) {
        st = WN_ENOMEM;
        goto out;
    }
    stack[sp++] = (frame_t){root, 0, r, r, 0};
    while (sp) {
        frame_t *f = &stack[sp - 1];
        const GumboVector *kids = children_of(f->g);
        if (!kids || f->next >= kids->length) {
            if (f->idx >= 0) d->n[f->idx].end = d->count;
            sp--;
            continue;
        }
        GumboNode *c = kids->data[f->next++];
        if (c->type == GUMBO_NODE_COMMENT) continue;
        if ((size_t)d->count >= max_nodes) {
            st = WN_ETOOBIG;
            goto out;
        }
        int attach = f->attach;
        unsigned depth = f->depth + 1;
        if (c->type == GUMBO_NODE_ELEMENT || c->type == GUMBO_NODE_TEMPLATE) {
            int idx = -1;
            if (depth <= max_depth) {
                idx = push_node(d, a, &cap, c, attach, depth, &rc);
                if (idx < 0) {
                    st = WN_ENOMEM;
                    goto out;
                }
                GumboTag t = c->v.element.tag;
                if (t == GUMBO_TAG_BODY && !d->body) d->body = idx;
                if (t == GUMBO_TAG_NOSCRIPT) noscripts++;
                if (t == GUMBO_TAG_HTML && !d->html) d->html = idx;
            } else {
                d->truncated |= WN_TRUNC_DEPTH;
                depth = max_depth; /* flattened: children attach to the capped ancestor */
            }
            if (sp == scap) {
                frame_t *ns = realloc(stack, scap * 2 * sizeof *ns);
                if (!ns) {
                    st = WN_ENOMEM;
                    goto out;
                }
                stack = ns;
                scap *= 2;
            }
            stack[sp++] = (frame_t){c, 0, idx, idx >= 0 ? idx : attach, depth};
        } else {
            if (push_node(d, a, &cap, c, attach, depth, &rc) < 0) {
                st = WN_ENOMEM;
                goto out;
            }
        }
    }
out:
    /* close any frames left open on error so `end` is consistent */
    while (sp) {
        if (stack[sp - 1].idx >= 0) d->n[stack[sp - 1].idx].end = d->count;
        sp--;
    }
    free(stack);
    if (st == WN_OK && noscripts) unwrap_noscript(d);
    return st;
}

const char *wn_dom_attr(const wn_dom_t *d, int i, const char *name) {
    const wn_node_t *n = &d->n[i];
    if (n->flags & WN_F_TEXT) return NULL;
    /* no attribute name starts with this letter (any case): absent */
    if (!(n->amask & (1u << (((unsigned char)name[0] | 0x20) & 31)))) return NULL;
    if (n->g->type != GUMBO_NODE_ELEMENT && n->g->type != GUMBO_NODE_TEMPLATE) return NULL;
    if (name[0] == 'c' && !strcmp(name, "class")) return n->cls;
    if (name[0] == 'i' && name[1] == 'd' && !name[2]) return n->id;
    /* gumbo_get_attribute, with a first-letter test before strcasecmp */
    const GumboVector *v = &n->g->v.element.attributes;
    unsigned char c0 = (unsigned char)(name[0] | 0x20);
    for (unsigned k = 0; k < v->length; k++) {
        const GumboAttribute *at = v->data[k];
        if (((unsigned char)at->name[0] | 0x20) == c0 && !strcasecmp(at->name, name)) return at->value;
    }
    return NULL;
}

static int tok_in(const char *s, const char *tok, size_t tl) {
    if (!s) return 0;
    const char *p = s;
    while (*p) {
        while (tok_sep((unsigned char)*p)) p++;
        const char *q = p;
        while (*q && !tok_sep((unsigned char)*q)) q++;
        if ((size_t)(q - p) == tl && !strncasecmp(p, tok, tl)) return 1;
        p = q;
    }
    return 0;
}

int wn_dom_has_token_split(const wn_dom_t *d, int i, const char *tok, size_t tl) {
    const wn_node_t *n = &d->n[i];
    if ((n->flags & WN_F_TEXT) || (!n->toks && !n->cls && !n->id)) return 0; /* no names at all */
    return tok_in(n->cls, tok, tl) || tok_in(n->id, tok, tl);
}

/* Decodes one UTF-8 code point at s (n > 0 bytes left); sets *len. */
static uint32_t utf8_cp(const unsigned char *s, size_t n, size_t *len) {
    uint32_t c = s[0];
    if (c < 0x80 || n < 2) {
        *len = 1;
        return c;
    }
    if ((c & 0xE0) == 0xC0) {
        *len = 2;
        return ((c & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if ((c & 0xF0) == 0xE0 && n >= 3) {
        *len = 3;
        return ((c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    if ((c & 0xF8) == 0xF0 && n >= 4) {
        *len = 4;
        return ((c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) | ((uint32_t)(s[2] & 0x3F) << 6) |
               (s[3] & 0x3F);
    }
    *len = 1;
    return c;
}

static int is_cjk(uint32_t c) {
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

/* The weight (wn_text_weight) and the commas (wn_text_commas) of s[0..n),
 * in one pass: wn_dom_build measures every text node with it. */
static void text_measure(const char *s, size_t n, uint32_t *weight, uint32_t *commas) {
    const unsigned char *p = (const unsigned char *)s;
    uint32_t w = 0, k = 0;
    int space = 1;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            unsigned char b = p[i++];
            if (b > ' ') {
                space = 0;
                w++;
                k += b == ',';
            } else if (b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f') {
                if (!space) w++;
                space = 1;
            } else {
                space = 0;
                w++;
            }
            continue;
        }
        size_t l;
        uint32_t c = utf8_cp(p + i, n - i, &l);
        i += l;
        /* (an overlong form may decode to ASCII: test as the two do) */
        if (c == ',' || c == 0xFF0C || c == 0x3001 || c == 0x3002 || c == 0x060C) k++;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == 0xA0) {
            if (!space) w++;
            space = 1;
            continue;
        }
        space = 0;
        if (l == 1 && (c & 0xC0) == 0x80) continue; /* a stray continuation byte */
        w += is_cjk(c) ? 2u : 1u;
    }
    *weight = w;
    *commas = k;
}

uint32_t wn_text_weight(const char *s, size_t n) {
    uint32_t w, k;
    text_measure(s, n, &w, &k);
    return w;
}

uint32_t wn_text_commas(const char *s, size_t n) {
    uint32_t w, k;
    text_measure(s, n, &w, &k);
    return k;
}

size_t wn_dom_text(const wn_dom_t *d, int i, int skip_drop, char *out, size_t max) {
    size_t o = 0;
    int space = 1;
    if (!max) return 0;
    int end = d->n[i].end;
    for (int j = i; j < end && o + 1 < max;) {
        const wn_node_t *n = &d->n[j];
        if (skip_drop && (n->flags & WN_F_DROP)) {
            j = n->end;
            continue;
        }
        if (!(n->flags & WN_F_TEXT)) {
            if (n->tag == GUMBO_TAG_SCRIPT || n->tag == GUMBO_TAG_STYLE || n->tag == GUMBO_TAG_NOSCRIPT ||
                n->tag == GUMBO_TAG_TEMPLATE || n->tag == GUMBO_TAG_RT || n->tag == GUMBO_TAG_RP) {
                j = n->end;
                continue;
            }
            if (n->tag == GUMBO_TAG_BR && !space && o + 1 < max) {
                out[o++] = ' ';
                space = 1;
            }
            j++;
            continue;
        }
        for (size_t k = 0; k < n->text_len && o + 1 < max; k++) {
            unsigned char c = (unsigned char)n->text[k];
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
                if (!space) out[o++] = ' ';
                space = 1;
            } else {
                out[o++] = (char)c;
                space = 0;
            }
        }
        j++;
    }
    while (o && out[o - 1] == ' ') o--;
    /* never end inside a UTF-8 sequence */
    while (o && ((unsigned char)out[o - 1] & 0xC0) == 0x80) {
        size_t k = o - 1;
        while (k && ((unsigned char)out[k] & 0xC0) == 0x80) k--;
        unsigned char lead = (unsigned char)out[k];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (o - k >= need) break;
        o = k;
    }
    out[o] = '\0';
    return o;
}
