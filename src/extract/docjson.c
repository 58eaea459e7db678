/* docjson.c -- wn_doc_to_json: one extraction result as its record
 * (winnow/record.h), and the names of the truncation bits. */
#include <stdlib.h>
#include <string.h>

#include "winnow/extract.h"
#include "winnow/record.h"

const char *wn_trunc_name(unsigned bit) {
    static const char *const names[] = {"depth", "attrs", "text", "format", "charset", "page", "body"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (bit == 1u << i) return names[i];
    return NULL;
}

char *wn_doc_to_json(const wn_doc_t *doc, const char *id) {
    wn_record_t r;
    wn_record_init(&r);
    r.id = id;
    r.doc = doc;
    return wn_record_json(&r, NULL);
}
