/* classify.c -- what an element's class, id, role and style say about it.
 *
 * Class and id values are split into words on blanks, '-' and '_', lower-
 * cased, and looked up in lexicon.c's class vocabulary: boilerplate words,
 * comment words, content words, whole class names of hidden boxes. Script
 * hooks ("js-..."), negated words ("non-paywall"), BEM modifiers ("--ads")
 * and an id that is its heading's slug say nothing. Pruning reads these
 * counts through its rules; the metadata's title test asks wn_in_chrome.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "extract/page.h"

/* Where the lexicon's sets are NULL the lists are scanned, with the same
 * answers. */
static const wn_lexicon_t no_sets; /* all NULL */

/* Adds what the words of class or id value s say to *c. */
static void scan_tokens(const char *s, wn_cls_t *c, const wn_lexicon_t *v) {
    if (!s) return;
    char low[256];
    size_t n = strlen(s);
    if (n >= sizeof low) n = sizeof low - 1;
    /* lower-cased, without script hooks ("js-slider-toggle", "js_readmore":
     * what a script does with the element, not what it is) */
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        int ws = s[i] == ' ' || s[i] == '\t' || s[i] == '\n';
        if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n') && !ws && i + 3 <= n &&
            (s[i] | 0x20) == 'j' && (s[i + 1] | 0x20) == 's' && (s[i + 2] == '-' || s[i + 2] == '_')) {
            while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') i++;
            continue;
        }
        low[k++] = (char)tolower((unsigned char)s[i++]);
    }
    low[k] = '\0';
    const char *p = low;
    int negated = 0; /* "non-paywall", "no-sidebar": the next word does not count */
    /* page builders call every block a widget ("elementor-widget-text-editor") */
    int builder = strstr(low, "elementor") != NULL;
    /* chrome words that win over a content word before them in the same
     * class word: "post-author", "entry-tags", "article-related" */
    int word_good = 0; /* content words so far in this class word */
    /* words that say how a box looks or what it holds, not that it is
     * chrome (wn_lex_form): a box so named with paragraphs and no links is
     * prose */
    while (*p) {
        if (*p == ' ' || *p == '\t' || *p == '\n') negated = word_good = 0;
        while (*p == ' ' || *p == '-' || *p == '_' || *p == '\t' || *p == '\n') {
            if (*p == ' ' || *p == '\t' || *p == '\n') negated = word_good = 0;
            p++;
        }
        const char *q = p;
        while (*q && *q != ' ' && *q != '-' && *q != '_' && *q != '\t' && *q != '\n') q++;
        size_t l = (size_t)(q - p);
        /* a BEM modifier ("TestReport__Section--Ads") says what a block
         * holds or how it looks, not what it is */
        if (p >= low + 2 && p[-1] == '-' && p[-2] == '-') {
            while (*q && *q != ' ' && *q != '\t' && *q != '\n') q++; /* the modifier runs to the word's end */
            p = q;
            continue;
        }
        if (l) {
            /* "non-paywall", "has-sharing", "with-sidebar": what a box lacks
             * or holds, not what it is */
            if (wn_wordset_in(NULL, wn_lex_negation, p, l)) {
                negated = 1;
                p = q;
                continue;
            }
            if (negated) {
                negated = 0;
                p = q;
                continue;
            }
            if (wn_wordset_in(v->boiler, wn_lex_boiler, p, l) && !(builder && l == 6 && !strncmp(p, "widget", 6))) {
                c->boiler++;
                if (l >= 6 && !strncmp(p, "teaser", 6)) c->teaser++;
                if (wn_wordset_in(NULL, wn_lex_form, p, l)) c->weak++;
                if (wn_wordset_in(NULL, wn_lex_media, p, l)) c->media++;
                if (word_good && wn_wordset_in(NULL, wn_lex_strong, p, l)) {
                    c->good -= word_good;
                    word_good = 0;
                }
            }
            if (wn_wordset_in(v->comment, wn_lex_comment, p, l)) c->comment++;
            /* "comments18", "commentform", "nocomments" */
            else if ((l > 7 && !strncmp(p, "comment", 7) && strncmp(p, "commentary", 10) &&
                      strncmp(p, "commentaire", 11)) ||
                     (l > 8 && !strncmp(p + l - 8, "comments", 8)))
                c->comment++;
            if (wn_wordset_in(v->content, wn_lex_content, p, l)) {
                c->good++;
                word_good++;
            }
            if (l == 6 && !strncmp(p, "header", 6)) c->header++;
        }
        p = q;
    }
    if (wn_substrset_in(v->boiler_subs, wn_lex_boiler_subs, low)) {
        c->boiler++;
        c->sub++;
    }
    for (p = low; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n') p++;
        const char *q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '\n') q++;
        if (q > p && wn_wordset_in(v->hidden, wn_lex_hidden, p, (size_t)(q - p))) {
            c->boiler++;
            c->hidden++;
        }
        p = q;
    }
}

static int is_heading(int t) { return wn_tag_is(t, WN_TAG_HEADING); }

/* Appends to out[*k..max) the slug of s: ASCII letters and digits
 * lower-cased, every other run of bytes one '-' (none at the start).
 * Returns 0 once out is full. */
static int slug_add(const char *s, char *out, size_t *k, size_t max) {
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch < 0x80 && isalnum(ch)) {
            if (*k + 1 >= max) return 0;
            out[(*k)++] = (char)tolower(ch);
        } else if (*k && out[*k - 1] != '-') {
            if (*k + 1 >= max) return 0;
            out[(*k)++] = '-';
        }
    }
    return 1;
}

/* Nonzero if id names the element after its first heading: documentation
 * generators and wikis make section ids from heading text
 * ("sharing-with-a-single-developer" over "Sharing with a single
 * developer"), so its words are the author's, not the template's. Only
 * long slugs (20+ characters, 3+ words) count; the heading is looked for
 * among the element's first 16 nodes. */
static int id_is_heading_slug(const wn_dom_t *d, int i, const char *id) {
    char text[256], a[256], b[256];
    int h = -1;
    for (int j = i + 1; j < d->n[i].end && j <= i + 16; j++)
        if (is_heading(d->n[j].tag)) {
            h = j;
            break;
        }
    if (h < 0) return 0;
    wn_dom_text(d, h, 0, text, sizeof text);
    size_t ka = 0, kb = 0;
    if (!slug_add(id, a, &ka, sizeof a) || !slug_add(text, b, &kb, sizeof b)) return 0;
    while (ka && a[ka - 1] == '-') ka--;
    while (kb && b[kb - 1] == '-') kb--;
    /* (a repeated heading's id may carry a number: "setting-up-1") */
    while (ka > kb && (isdigit((unsigned char)a[ka - 1]) || a[ka - 1] == '-')) ka--;
    if (ka != kb || memcmp(a, b, ka)) return 0;
    /* a long slug of three words or more: a template's id over its own
     * heading is short ("comments" over "Comments", "related-posts") */
    int words = 1;
    for (size_t k = 0; k < kb; k++) words += b[k] == '-';
    return kb >= 20 && words >= 3;
}

wn_cls_t wn_classify(const wn_dom_t *d, int i, const wn_lexicon_t *v) {
    wn_cls_t c = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    if (!v) v = &no_sets;
    scan_tokens(wn_dom_attr(d, i, "class"), &c, v);
    const char *id = wn_dom_attr(d, i, "id");
    /* an application framework's root ("__next", "__nuxt", "___gatsby")
     * is named for the framework, not for what it holds */
    if (id && id[0] == '_' && id[1] == '_') id = NULL;
    if (id) {
        wn_cls_t ci = {0, 0, 0, 0, 0, 0, 0, 0, 0};
        scan_tokens(id, &ci, v);
        if ((ci.boiler || ci.comment) && id_is_heading_slug(d, i, id)) return c;
        c.boiler += ci.boiler;
        c.comment += ci.comment;
        c.good += ci.good;
        c.header += ci.header;
        c.sub += ci.sub;
        c.hidden += ci.hidden;
        c.teaser += ci.teaser;
        c.weak += ci.weak;
        c.media += ci.media;
    }
    return c;
}

int wn_hidden_attr(const wn_dom_t *d, int i) {
    if (!wn_dom_attr(d, i, "hidden")) return 0;
    /* React's streamed server rendering sends a Suspense boundary's content
     * as <div hidden id="S:0"> after the page and moves it in with a script
     * ($RC): it is shown */
    const char *id = d->n[i].id;
    return !(id && id[0] == 'S' && id[1] == ':' && d->n[i].tag == GUMBO_TAG_DIV);
}

int wn_is_hidden(const wn_dom_t *d, int i) {
    if (wn_hidden_attr(d, i)) return 1;
    const char *ah = wn_dom_attr(d, i, "aria-hidden");
    if (ah && !strcasecmp(ah, "true")) return 1;
    const char *st = wn_dom_attr(d, i, "style");
    if (st) {
        char low[256];
        size_t k = 0;
        for (size_t j = 0; st[j] && k + 1 < sizeof low; j++)
            if (st[j] != ' ') low[k++] = (char)tolower((unsigned char)st[j]);
        low[k] = '\0';
        if (strstr(low, "display:none") || strstr(low, "visibility:hidden")) return 1;
    }
    return 0;
}

int wn_in_chrome(const wn_dom_t *d, int i, const wn_lexicon_t *lx) {
    if (wn_is_hidden(d, i) || wn_classify(d, i, lx).hidden) return 1;
    for (int p = d->n[i].parent, k = 0; p >= 0 && k < 64; p = d->n[p].parent, k++) {
        int t = d->n[p].tag;
        if (t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN) return 0;
        if (wn_tag_is(t, WN_TAG_CHROME) || t == GUMBO_TAG_FORM ||
            wn_is_hidden(d, p))
            return 1;
        const char *role = wn_dom_attr(d, p, "role");
        unsigned rf = wn_role(role);
        if (rf & WN_ROLE_CONTENT) return 0;
        if (rf & WN_ROLE_CHROME) return 1;
        if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML) return 0;
        wn_cls_t c = wn_classify(d, p, lx);
        if (c.good) return 0;
        if (c.boiler || c.comment) return 1;
    }
    return 0;
}

/* ---- the words, for the explanation ---- */

/* Appends "kind:w[0..n)" to out[*k..cap), space-separated. */
static void word_add(char *out, size_t *k, size_t cap, const char *kind, const char *w, size_t n) {
    size_t kl = strlen(kind);
    if (*k + (*k > 0) + kl + 1 + n + 1 > cap) return;
    if (*k) out[(*k)++] = ' ';
    memcpy(out + *k, kind, kl);
    *k += kl;
    out[(*k)++] = ':';
    memcpy(out + *k, w, n);
    *k += n;
    out[*k] = '\0';
}

/* The words of one class or id value s the lexicon knows, into out. */
static void value_words(const char *s, const wn_lexicon_t *v, char *out, size_t *k, size_t cap) {
    if (!s) return;
    char low[256];
    size_t n = strlen(s);
    if (n >= sizeof low) n = sizeof low - 1;
    for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)s[i]);
    low[n] = '\0';
    int builder = strstr(low, "elementor") != NULL; /* scan_tokens: its "widget" says nothing */
    for (const char *p = low; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n') p++;
        const char *q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '\n') q++;
        size_t l = (size_t)(q - p);
        if (l >= 3 && p[0] == 'j' && p[1] == 's' && (p[2] == '-' || p[2] == '_')) { /* a script's hook */
            p = q;
            continue;
        }
        if (l && wn_wordset_in(v->hidden, wn_lex_hidden, p, l)) word_add(out, k, cap, "hidden", p, l);
        for (const char *w = p; w < q;) {
            while (w < q && (*w == '-' || *w == '_')) w++;
            const char *e = w;
            while (e < q && *e != '-' && *e != '_') e++;
            size_t wl = (size_t)(e - w);
            if (wl) {
                if (wn_wordset_in(v->boiler, wn_lex_boiler, w, wl) && !(builder && wl == 6 && !strncmp(w, "widget", 6)))
                    word_add(out, k, cap, "boilerplate", w, wl);
                if (wn_wordset_in(v->comment, wn_lex_comment, w, wl)) word_add(out, k, cap, "comment", w, wl);
                if (wn_wordset_in(v->content, wn_lex_content, w, wl)) word_add(out, k, cap, "content", w, wl);
            }
            w = e;
        }
        p = q;
    }
    for (int j = 0; wn_lex_boiler_subs[j]; j++)
        if (strstr(low, wn_lex_boiler_subs[j]))
            word_add(out, k, cap, "boilerplate-part", wn_lex_boiler_subs[j], strlen(wn_lex_boiler_subs[j]));
}

size_t wn_classify_words(const wn_dom_t *d, int i, const wn_lexicon_t *lx, char *out, size_t cap) {
    size_t k = 0;
    if (!cap) return 0;
    out[0] = '\0';
    if (i < 0 || (d->n[i].flags & WN_F_TEXT)) return 0;
    if (!lx) lx = &no_sets;
    value_words(wn_dom_attr(d, i, "class"), lx, out, &k, cap);
    const char *id = wn_dom_attr(d, i, "id");
    if (id && !(id[0] == '_' && id[1] == '_')) value_words(id, lx, out, &k, cap); /* wn_classify: a framework's root */
    return k;
}
