/* fuzz_prescan.c -- libFuzzer target for the pre-scan (prescan.h), the
 * hand-written HTML tokenizer that runs before Gumbo.
 *
 * The input is UTF-8-ish HTML. Limits alternate between the defaults and
 * tiny ones (picked from a hash of the input) so the depth, attribute and
 * formatting bounds are hit by small inputs; so do the options wn_extract
 * sets (short hrefs, no images, no unread attributes, text and class/id
 * values by reference) and a small parse budget. Checked: the output is
 * NUL-terminated, the JSON-LD slices are sane, only WN_TRUNC_DEPTH /
 * ATTRS / FORMAT bits (and PAGE under a budget) are reported, every text
 * or name reference in the output resolves to an entry, and the run is
 * deterministic.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "winnow/extract.h"
#include "winnow/prescan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    wn_prescan_limits_t lim;
    wn_prescan_limits_init(&lim);
    uint32_t h = fuzz_hash(data, size);
    if (h & 1u) {
        lim.max_depth = 1u + (h >> 1) % 6u;
        lim.max_attrs = (h >> 4) % 4u;
        lim.max_formatting = (h >> 6) % 4u;
    }
    if (h & 256u) { /* what wn_extract asks for */
        lim.short_hrefs = 1;
        lim.no_images = (h >> 9) & 1u;
        lim.no_unread = 1;
        lim.text_runs = 1;
    }
    unsigned trunc_ok = WN_TRUNC_DEPTH | WN_TRUNC_ATTRS | WN_TRUNC_FORMAT;
    if (h & 1024u) { /* a parse budget small inputs reach */
        lim.max_tags = 1u + (h >> 11) % 16u;
        lim.max_text = 1u + (h >> 15) % 256u;
        trunc_ok |= WN_TRUNC_PAGE;
    }
    wn_arena_t *a = wn_arena_new(64u * 1024u * 1024u);
    if (!a) return 0;
    wn_prescan_out_t out;
    memset(&out, 0, sizeof out);
    wn_status st = wn_prescan(a, (const char *)data, size, &lim, &out);
    if (st == WN_OK) {
        FUZZ_CHECK(out.html != NULL);
        FUZZ_CHECK(out.html[out.len] == '\0');
        FUZZ_CHECK((out.truncated & ~trunc_ok) == 0);
        FUZZ_CHECK(lim.text_runs || (out.n_runs == 0 && out.n_names == 0));
        for (size_t i = 0; i < out.n_runs; i++)
            FUZZ_CHECK(out.runs[i].text != NULL && out.runs[i].text[out.runs[i].len] == '\0');
        for (size_t i = 0; i < out.n_names; i++)
            FUZZ_CHECK(out.names[i].text != NULL && out.names[i].text[out.names[i].len] == '\0');
        if (out.n_runs || out.n_names) { /* every reference resolves */
            for (const char *p = out.html; (p = memchr(p, 0xEF, out.len - (size_t)(p - out.html))) != NULL; p++) {
                size_t left = out.len - (size_t)(p - out.html);
                unsigned ix;
                if (wn_run_ref_get(p, left, &ix)) FUZZ_CHECK(ix < out.n_runs);
                else if (wn_name_ref_get(p, left, &ix)) FUZZ_CHECK(ix < out.n_names);
            }
        }
        FUZZ_CHECK(out.n_jsonld == 0 || out.jsonld != NULL);
        size_t total = 0;
        for (size_t i = 0; i < out.n_jsonld; i++) {
            FUZZ_CHECK(out.jsonld[i].text != NULL || out.jsonld[i].len == 0);
            total += out.jsonld[i].len;
        }
        FUZZ_CHECK(total <= size);
        size_t len1 = out.len;
        unsigned tr1 = out.truncated;
        wn_arena_reset(a);
        wn_prescan_out_t again;
        memset(&again, 0, sizeof again);
        FUZZ_CHECK(wn_prescan(a, (const char *)data, size, &lim, &again) == WN_OK);
        FUZZ_CHECK(again.len == len1 && again.truncated == tr1);
    } else {
        FUZZ_CHECK(st == WN_ENOMEM);
    }
    wn_arena_destroy(&a);
    return 0;
}
