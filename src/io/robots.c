/* robots.c -- robots.txt parsing and matching per RFC 9309 (see
 * winnow/robots.h). */
#include "winnow/robots.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct wn_rule {
    char *pat; /* owned, normalised (non-ASCII bytes percent-encoded) */
    size_t len;
    int allow;
} wn_rule;

typedef struct wn_rules {
    wn_rule *v;
    size_t n, cap;
} wn_rules;

struct wn_robots {
    wn_rules rules;
    int policy; /* -1: use rules; 0: disallow all; 1: allow all */
};

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* Case-insensitive comparison of a[0..an) with the NUL-terminated `b`. */
static int ieq(const char *a, size_t an, const char *b) {
    size_t bn = strlen(b);
    if (an != bn) return 0;
    for (size_t i = 0; i < an; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i])) return 0;
    return 1;
}

static void rules_free(wn_rules *rs) {
    for (size_t i = 0; i < rs->n; i++) free(rs->v[i].pat);
    free(rs->v);
    rs->v = NULL;
    rs->n = rs->cap = 0;
}

/* Appends a copy of p[0..n) as a rule, percent-encoding bytes >= 0x80 and
 * upper-casing existing %xx escapes so patterns compare like URL paths.
 * Returns WN_OK, WN_ETOOBIG past WN_ROBOTS_MAX_RULES, WN_ENOMEM. */
static wn_status rules_add(wn_rules *rs, const char *p, size_t n, int allow) {
    static const char hex[] = "0123456789ABCDEF";
    if (rs->n >= WN_ROBOTS_MAX_RULES) return WN_ETOOBIG;
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 16;
        wn_rule *v = realloc(rs->v, cap * sizeof *v);
        if (!v) return WN_ENOMEM;
        rs->v = v;
        rs->cap = cap;
    }
    char *s = malloc(n * 3 + 1); /* n <= WN_ROBOTS_MAX_LINE: no overflow */
    if (!s) return WN_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x80) {
            s[k++] = '%';
            s[k++] = hex[c >> 4];
            s[k++] = hex[c & 15];
        } else if (c == '%' && i + 2 < n) {
            s[k++] = '%';
            s[k++] = (char)(p[i + 1] >= 'a' && p[i + 1] <= 'f' ? p[i + 1] - 32 : p[i + 1]);
            s[k++] = (char)(p[i + 2] >= 'a' && p[i + 2] <= 'f' ? p[i + 2] - 32 : p[i + 2]);
            i += 2;
        } else {
            s[k++] = (char)c;
        }
    }
    s[k] = '\0';
    rs->v[rs->n].pat = s;
    rs->v[rs->n].len = k;
    rs->v[rs->n].allow = allow;
    rs->n++;
    return WN_OK;
}

/* Length of the product token at the start of `agent`: up to '/', space
 * or the end. */
static size_t token_len(const char *agent) {
    size_t n = 0;
    while (agent[n] && agent[n] != '/' && !is_space(agent[n])) n++;
    return n;
}

/* Nonzero if the User-agent value v[0..n) names the crawler tok[0..tn). */
static int agent_matches(const char *v, size_t n, const char *tok, size_t tn) {
    size_t vn = 0;
    while (vn < n && v[vn] != '/' && !is_space(v[vn])) vn++;
    if (vn != tn || tn == 0) return 0;
    for (size_t i = 0; i < tn; i++)
        if (lower((unsigned char)v[i]) != lower((unsigned char)tok[i])) return 0;
    return 1;
}

wn_robots_t *wn_robots_parse(const char *txt, size_t len, const char *agent, wn_status *st) {
    wn_status dummy;
    if (!st) st = &dummy;
    if ((!txt && len) || !agent) {
        *st = WN_EINVAL;
        return NULL;
    }
    wn_robots_t *r = calloc(1, sizeof *r);
    if (!r) {
        *st = WN_ENOMEM;
        return NULL;
    }
    r->policy = -1;
    wn_rules star = {0};
    const char *tok = agent;
    size_t tn = token_len(agent);
    int found_specific = 0; /* some group names our token */
    int cur_specific = 0, cur_star = 0, in_rules = 0;
    if (len > WN_ROBOTS_MAX_BYTES) len = WN_ROBOTS_MAX_BYTES;
    /* Skip a UTF-8 byte order mark. */
    size_t pos = (len >= 3 && !memcmp(txt, "\xEF\xBB\xBF", 3)) ? 3 : 0;
    *st = WN_OK;
    while (pos < len) {
        size_t start = pos;
        while (pos < len && txt[pos] != '\n' && txt[pos] != '\r') pos++;
        size_t end = pos;
        while (pos < len && (txt[pos] == '\n' || txt[pos] == '\r')) pos++;
        if (end - start > WN_ROBOTS_MAX_LINE) continue;
        const char *line = txt + start;
        size_t n = end - start;
        const char *hash = memchr(line, '#', n);
        if (hash) n = (size_t)(hash - line);
        const char *colon = memchr(line, ':', n);
        if (!colon) continue;
        size_t kn = (size_t)(colon - line);
        while (kn && is_space(line[kn - 1])) kn--;
        size_t ks = 0;
        while (ks < kn && is_space(line[ks])) ks++;
        const char *v = colon + 1;
        size_t vn = (size_t)(line + n - v);
        while (vn && is_space(*v)) v++, vn--;
        while (vn && is_space(v[vn - 1])) vn--;
        const char *key = line + ks;
        kn -= ks;
        if (ieq(key, kn, "user-agent") || ieq(key, kn, "useragent") || ieq(key, kn, "user agent")) {
            if (in_rules) {
                cur_specific = cur_star = 0;
                in_rules = 0;
            }
            if (vn == 1 && v[0] == '*') {
                cur_star = 1;
            } else if (agent_matches(v, vn, tok, tn)) {
                cur_specific = 1;
                found_specific = 1;
            }
        } else if (ieq(key, kn, "allow") || ieq(key, kn, "disallow")) {
            in_rules = 1;
            int allow = key[0] == 'a' || key[0] == 'A';
            if (vn == 0) continue; /* "Disallow:" with no path: no rule */
            if (cur_specific && (*st = rules_add(&r->rules, v, vn, allow)) == WN_ENOMEM) goto fail;
            if (cur_star && (*st = rules_add(&star, v, vn, allow)) == WN_ENOMEM) goto fail;
            *st = WN_OK; /* past the rule cap, further rules are dropped */
        }
        /* Other keys (sitemap, crawl-delay, ...) neither end nor start a group. */
    }
    if (found_specific) {
        rules_free(&star);
    } else {
        rules_free(&r->rules);
        r->rules = star;
    }
    return r;
fail:
    rules_free(&star);
    wn_robots_destroy(&r);
    return NULL;
}

wn_robots_t *wn_robots_new_policy(int allow) {
    wn_robots_t *r = calloc(1, sizeof *r);
    if (r) r->policy = allow ? 1 : 0;
    return r;
}

/* Nonzero if pattern pat[0..plen) matches a prefix of s[0..slen): `*` is
 * any run of bytes, a final `$` requires the match to reach the end of s.
 * Iterative with single-star backtracking: O(plen * slen) at worst. */
static int pattern_matches(const char *pat, size_t plen, const char *s, size_t slen) {
    int anchored = plen > 0 && pat[plen - 1] == '$';
    if (anchored) plen--;
    size_t p = 0, i = 0, star_p = SIZE_MAX, star_i = 0;
    for (;;) {
        if (p == plen) {
            if (!anchored || i == slen) return 1;
        } else if (pat[p] == '*') {
            star_p = p++;
            star_i = i;
            continue;
        } else if (i < slen && pat[p] == s[i]) {
            p++;
            i++;
            continue;
        }
        if (star_p == SIZE_MAX || star_i >= slen) return 0;
        p = star_p + 1;
        i = ++star_i;
    }
}

int wn_robots_allowed(const wn_robots_t *r, const char *path) {
    if (!r) return 1;
    if (!path || !*path) path = "/";
    if (!strcmp(path, "/robots.txt")) return 1;
    if (r->policy >= 0) return r->policy;
    size_t slen = strlen(path);
    size_t best = 0;
    int found = 0, allow = 1;
    for (size_t k = 0; k < r->rules.n; k++) {
        const wn_rule *ru = &r->rules.v[k];
        if (found && ru->len < best) continue;
        if (!pattern_matches(ru->pat, ru->len, path, slen)) continue;
        if (!found || ru->len > best) {
            best = ru->len;
            allow = ru->allow;
            found = 1;
        } else if (ru->allow) {
            allow = 1; /* equal length: the least restrictive rule wins */
        }
    }
    return allow;
}

size_t wn_robots_rule_count(const wn_robots_t *r) { return r ? r->rules.n : 0; }

void wn_robots_destroy(wn_robots_t **self) {
    if (!self || !*self) return;
    rules_free(&(*self)->rules);
    free(*self);
    *self = NULL;
}
