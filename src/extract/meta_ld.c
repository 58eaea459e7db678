/* meta_ld.c -- JSON-LD (schema.org): the headline, author, date,
 * publisher and description of the most article-like object, read with
 * jansson; @graph, arrays and mainEntity are walked with a bounded
 * explicit stack, bad JSON is skipped.
 */
#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "extract/meta.h"

static int type_rank(json_t *o) {
    json_t *t = json_object_get(o, "@type");
    const char *names[8];
    size_t n = 0;
    if (json_is_string(t)) names[n++] = json_string_value(t);
    else if (json_is_array(t))
        for (size_t i = 0; i < json_array_size(t) && n < 8; i++)
            if (json_is_string(json_array_get(t, i))) names[n++] = json_string_value(json_array_get(t, i));
    int best = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = names[i];
        int r = 0;
        if (strstr(s, "Article") || strstr(s, "BlogPosting") || strstr(s, "Report") || !strcmp(s, "Recipe") ||
            strstr(s, "Posting") || !strcmp(s, "Review"))
            r = 3;
        else if (strstr(s, "WebPage") || !strcmp(s, "CreativeWork"))
            r = 1;
        if (r > best) best = r;
    }
    return best;
}

/* Whether a JSON-LD object's @type names an Organization (any kind). */
static int is_org(json_t *o) {
    json_t *t = json_object_get(o, "@type");
    return json_is_string(t) && strstr(json_string_value(t), "Organization");
}

/* The names of the author value `v` (a string, an object with "name" or an
 * array of them), joined with ", "; an arena string or NULL. Notes in `f`
 * whether all of them are organizations, and the @id of an author given
 * only by reference. */
static char *ld_names(wn_arena_t *a, json_t *v, ld_found_t *f) {
    char buf[512];
    size_t k = 0;
    json_t *items[16];
    size_t n = 0, orgs = 0, names = 0;
    if (json_is_array(v))
        for (size_t i = 0; i < json_array_size(v) && n < 16; i++) items[n++] = json_array_get(v, i);
    else
        items[n++] = v;
    for (size_t i = 0; i < n; i++) {
        json_t *it = items[i];
        const char *s = NULL;
        if (json_is_string(it)) s = json_string_value(it);
        else if (json_is_object(it) && json_is_string(json_object_get(it, "name")))
            s = json_string_value(json_object_get(it, "name"));
        else if (json_is_object(it) && json_is_string(json_object_get(it, "@id")) && !f->author_ref)
            f->author_ref = wn_m_dups(a, json_string_value(json_object_get(it, "@id")));
        if (!s || !*s) continue;
        orgs += json_is_object(it) && is_org(it);
        names++;
        if (!strncmp(s, "http", 4)) continue;
        size_t l = strlen(s);
        if (k + l + 3 >= sizeof buf) break;
        if (k) {
            memcpy(buf + k, ", ", 2);
            k += 2;
        }
        memcpy(buf + k, s, l);
        k += l;
    }
    buf[k] = '\0';
    if (k) f->author_org = orgs == names;
    return k ? wn_m_dup(a, buf, k) : NULL;
}

/* Nonzero if a JSON-LD object's @type names a product (Product,
 * ProductGroup, ProductModel, IndividualProduct). */
static int is_product(json_t *o) {
    static const char *const kinds[] = {"Product", "ProductGroup", "ProductModel", "IndividualProduct", NULL};
    json_t *t = json_object_get(o, "@type");
    size_t n = json_is_array(t) ? json_array_size(t) : 1;
    for (size_t i = 0; i < n && i < 8; i++) {
        json_t *e = json_is_array(t) ? json_array_get(t, i) : t;
        if (!json_is_string(e)) continue;
        for (int k = 0; kinds[k]; k++)
            if (!strcmp(json_string_value(e), kinds[k])) return 1;
    }
    return 0;
}

static void ld_object(wn_arena_t *a, json_t *o, ld_found_t *f) {
    json_t *v, *t = json_object_get(o, "@type");
    if (is_product(o) && json_is_string(v = json_object_get(o, "description")) &&
        (!f->product_desc || json_string_length(v) > strlen(f->product_desc)))
        f->product_desc = wn_m_dups(a, json_string_value(v));
    if (json_is_string(t) && !strcmp(json_string_value(t), "Person") && f->n_person < 8 &&
        json_is_string(json_object_get(o, "@id")) && json_is_string(v = json_object_get(o, "name"))) {
        f->person[f->n_person].id = wn_m_dups(a, json_string_value(json_object_get(o, "@id")));
        f->person[f->n_person].name = wn_m_dups(a, json_string_value(v));
        if (f->person[f->n_person].id && f->person[f->n_person].name) f->n_person++;
    }
    int rank = type_rank(o);
    if (rank == 0) return;
    if ((v = json_object_get(o, "headline")) && json_is_string(v) && rank >= f->rank) {
        f->headline = wn_m_dups(a, json_string_value(v));
        f->rank = rank;
    } else if ((v = json_object_get(o, "name")) && json_is_string(v) && rank > f->rank && rank >= 3) {
        f->headline = wn_m_dups(a, json_string_value(v));
        f->rank = rank;
    }
    if (!f->author && (v = json_object_get(o, "author"))) f->author = ld_names(a, v, f);
    if (!f->author && (v = json_object_get(o, "creator"))) f->author = ld_names(a, v, f);
    if (!f->date && (v = json_object_get(o, "datePublished")) && json_is_string(v))
        f->date = wn_m_norm_date(a, json_string_value(v));
    if (!f->date && (v = json_object_get(o, "dateCreated")) && json_is_string(v))
        f->date = wn_m_norm_date(a, json_string_value(v));
    if (!f->publisher && (v = json_object_get(o, "publisher"))) {
        if (json_is_object(v) && json_is_string(json_object_get(v, "name")))
            f->publisher = wn_m_dups(a, json_string_value(json_object_get(v, "name")));
    }
    if (!f->description && (v = json_object_get(o, "description")) && json_is_string(v))
        f->description = wn_m_dups(a, json_string_value(v));
}

/* Visits every object of a JSON-LD block (bounded, no recursion). A block
 * may wrap its JSON in "<![CDATA[ ... ]]>" or hold several values in a row
 * ("{...},\n{...}"): up to 8 are read, one after the other. */
void wn_m_ld_scan(wn_arena_t *a, const char *text, size_t len, ld_found_t *f) {
    size_t off = 0;
    for (int nval = 0; nval < 8 && off < len; nval++) {
        while (off < len && (isspace((unsigned char)text[off]) || text[off] == ',' || text[off] == ';')) off++;
        if (len - off >= 4 && !memcmp(text + off, "//<!", 4)) off += 2;
        if (len - off >= 9 && !memcmp(text + off, "<![CDATA[", 9)) {
            off += 9;
            continue;
        }
        if (off >= len || (text[off] != '{' && text[off] != '[')) return;
        json_error_t err;
        json_t *root = json_loadb(text + off, len - off, JSON_DISABLE_EOF_CHECK, &err);
        if (!root) return;
        /* with JSON_DISABLE_EOF_CHECK, err.position is the bytes read */
        off += err.position > 0 ? (size_t)err.position : len;
        json_t *stack[64];
        int sp = 0, visited = 0;
        stack[sp++] = root;
        while (sp && visited < 2000) {
            json_t *v = stack[--sp];
            visited++;
            if (json_is_array(v)) {
                for (size_t i = json_array_size(v); i-- > 0 && sp < 64;) stack[sp++] = json_array_get(v, i);
            } else if (json_is_object(v)) {
                ld_object(a, v, f);
                json_t *g = json_object_get(v, "@graph");
                if (g && sp < 64) stack[sp++] = g;
                json_t *me = json_object_get(v, "mainEntity");
                if (me && sp < 64) stack[sp++] = me;
            }
        }
        json_decref(root);
    }
}
