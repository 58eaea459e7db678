/* docjson.c -- wn_doc_to_json: one extraction result as a JSON object. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "winnow/extract.h"

/* A JSON string of v with invalid UTF-8 bytes replaced by U+FFFD (text
 * decoded by the charset module is valid already; this is a safety net). */
static json_t *safe_string(const char *v) {
    json_t *j = json_string(v);
    if (j) return j;
    size_t n = strlen(v);
    if (n > ((size_t)-1) / 3 - 1) return NULL;
    char *c = malloc(n * 3 + 1);
    if (!c) return NULL;
    size_t k = 0, i = 0;
    const unsigned char *s = (const unsigned char *)v;
    while (i < n) {
        unsigned char b = s[i];
        size_t l = b < 0x80 ? 1 : b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
        int ok = l > 0 && i + l <= n;
        for (size_t q = 1; ok && q < l; q++)
            if ((s[i + q] & 0xC0) != 0x80) ok = 0;
        if (ok) {
            memcpy(c + k, s + i, l);
            k += l;
            i += l;
        } else {
            memcpy(c + k, "\xEF\xBF\xBD", 3);
            k += 3;
            i++;
        }
    }
    j = json_stringn(c, k);
    free(c);
    return j;
}

static int set_str(json_t *o, const char *k, const char *v) {
    json_t *j = v ? safe_string(v) : json_null();
    return json_object_set_new(o, k, j ? j : json_null());
}

const char *wn_trunc_name(unsigned bit) {
    static const char *const names[] = {"depth", "attrs", "text", "format", "charset", "page"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (bit == 1u << i) return names[i];
    return NULL;
}

char *wn_doc_to_json(const wn_doc_t *doc, const char *id) {
    json_t *o = json_object();
    if (!o) return NULL;
    char *s = NULL;
    int bad = 0;
    bad |= set_str(o, "id", id);
    bad |= set_str(o, "url", doc->url);
    bad |= set_str(o, "status", doc->error ? "error" : "ok");
    bad |= set_str(o, "error", doc->error);
    bad |= set_str(o, "title", doc->title);
    bad |= set_str(o, "author", doc->author);
    bad |= set_str(o, "date", doc->date);
    bad |= set_str(o, "lang", doc->lang);
    bad |= set_str(o, "site_name", doc->site_name);
    bad |= set_str(o, "description", doc->description);
    bad |= set_str(o, "canonical_url", doc->canonical_url);
    bad |= set_str(o, "charset", doc->charset);
    json_t *tr = json_array();
    if (!tr) goto out;
    for (unsigned b = 0; wn_trunc_name(1u << b); b++)
        if (doc->truncated & (1u << b)) json_array_append_new(tr, json_string(wn_trunc_name(1u << b)));
    bad |= json_object_set_new(o, "truncated", tr);
    bad |= set_str(o, "text_source", doc->error ? NULL : doc->text_from_description ? "description" : "content");
    bad |= set_str(o, "page_type", doc->page_type == WN_PAGE_AUTO ? NULL : wn_page_type_name(doc->page_type));
    bad |= set_str(o, "text", doc->text ? doc->text : "");
    if (doc->posts) {
        json_t *pa = json_array();
        if (!pa) goto out;
        bad |= json_object_set_new(o, "posts", pa);
        for (size_t k = 0; k < doc->n_posts && !bad; k++) {
            json_t *po = json_object();
            if (!po) goto out;
            bad |= json_array_append_new(pa, po);
            bad |= set_str(po, "author", doc->posts[k].author);
            bad |= set_str(po, "date", doc->posts[k].date);
            bad |= set_str(po, "text", doc->posts[k].text ? doc->posts[k].text : "");
        }
    } else {
        bad |= json_object_set_new(o, "posts", json_null());
    }
    bad |= set_str(o, "comments", doc->comments);
    if (bad) goto out;
    s = json_dumps(o, JSON_COMPACT);
out:
    json_decref(o);
    return s;
}
