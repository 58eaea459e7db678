/* fuzz_extract.c -- libFuzzer target for whole-page extraction (extract.h).
 *
 * The input is one raw page. Options, Content-Type and caps are picked from
 * a hash of the first bytes, so seeds are plain pages and every input takes
 * one reproducible path. Checked after each call: the result contract of
 * wn_extract (a doc with text on WN_OK, a reason on error, text within
 * max_text_bytes, NUL-terminated, valid UTF-8) and that wn_doc_to_json
 * produces JSON that jansson accepts.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "winnow/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const content_types[] = {
    NULL,
    "text/html",
    "text/html; charset=utf-8",
    "text/html; charset=windows-1251",
    "text/html; charset=\"shift_jis\"",
    "text/html; charset=utf-16",
    "application/xhtml+xml",
    "text/html; charset=bogus-label",
    "image/png",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint32_t h = fuzz_hash(data, size);
    wn_options_t opt;
    wn_options_init(&opt);
    opt.format = (wn_format_t)(h % 3u);
    opt.tables = (h >> 2) & 1u;
    opt.comments = (h >> 3) & 1u;
    opt.links = (h >> 4) & 1u;
    opt.images = (h >> 5) & 1u;
    opt.bias = (int)((h >> 6) % 3u) - 1;
    if (((h >> 8) & 7u) == 0) {
        /* Small caps, so that the bounding paths run on small inputs too. */
        opt.max_depth = 8;
        opt.max_text_bytes = 256;
        opt.max_page_bytes = 16384;
        opt.max_inflated_bytes = 32768;
    }
    const char *ct = content_types[(h >> 11) % (sizeof content_types / sizeof content_types[0])];

    wn_extractor_t *x = wn_extractor_new(&opt);
    if (!x) return 0;
    wn_doc_t *doc = NULL;
    wn_status st = wn_extract(x, data, size, "http://fuzz.example/page", ct, &doc);
    if (st == WN_OK) {
        FUZZ_CHECK(doc != NULL);
        FUZZ_CHECK(doc->text != NULL);
        FUZZ_CHECK(doc->text[doc->text_len] == '\0');
        FUZZ_CHECK(doc->text_len <= opt.max_text_bytes);
        FUZZ_CHECK(fuzz_utf8_valid(doc->text, doc->text_len));
        FUZZ_CHECK(doc->error == NULL);
    } else if (doc) {
        FUZZ_CHECK(doc->error != NULL && doc->error[0] != '\0');
    } else {
        FUZZ_CHECK(st == WN_ENOMEM);
    }
    if (doc) {
        /* a gzip page counts inflated (docs/record.md, in_bytes) */
        FUZZ_CHECK(doc->in_bytes == size || (size >= 2 && data[0] == 0x1f && data[1] == 0x8b));
        char *js = wn_doc_to_json(doc, "fuzz-id");
        FUZZ_CHECK(js != NULL);
        json_error_t jerr;
        json_t *root = json_loads(js, 0, &jerr);
        if (!root) fprintf(stderr, "wn_doc_to_json gave invalid JSON: %s\n", jerr.text);
        FUZZ_CHECK(root != NULL);
        json_t *status = json_object_get(root, "status");
        FUZZ_CHECK(json_is_string(status));
        FUZZ_CHECK(strcmp(json_string_value(status), st == WN_OK ? "ok" : "error") == 0);
        json_decref(root);
        free(js);
    }
    wn_doc_destroy(&doc);
    FUZZ_CHECK(doc == NULL);
    wn_extractor_destroy(&x);
    return 0;
}
