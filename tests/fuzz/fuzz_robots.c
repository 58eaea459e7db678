/* fuzz_robots.c -- libFuzzer target for robots.txt parsing and matching
 * (robots.h): a robots.txt comes from any web server.
 *
 * Input layout: the robots.txt text; if it contains a line "#path:P" the
 * path P (up to the end of the line) is matched too, besides a few fixed
 * paths. Checked: parsing returns a rule set or a status, never both or
 * neither; the rule count stays within WN_ROBOTS_MAX_RULES; /robots.txt
 * is always allowed; matching answers 0 or 1 and is deterministic.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "winnow/robots.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const paths[] = {"/", "", "/a/b?c=d", "/robots.txt", "/%7Efoo/$x*y", "/index.html$"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *txt = (const char *)data;
    const char *agent = (size & 1u) ? "winnow/0.1 (+https://example.invalid)" : "Googlebot";
    wn_status st = WN_OK;
    wn_robots_t *r = wn_robots_parse(txt, size, agent, &st);
    if (!r) {
        FUZZ_CHECK(st == WN_ENOMEM || st == WN_EINVAL);
        return 0;
    }
    FUZZ_CHECK(wn_robots_rule_count(r) <= WN_ROBOTS_MAX_RULES);
    FUZZ_CHECK(wn_robots_allowed(r, "/robots.txt") == 1);
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        int a = wn_robots_allowed(r, paths[i]);
        FUZZ_CHECK(a == 0 || a == 1);
        FUZZ_CHECK(wn_robots_allowed(r, paths[i]) == a);
    }
    const char *p = memmem(txt, size, "#path:", 6);
    if (p) {
        char path[512];
        size_t off = (size_t)(p - txt) + 6, l = 0;
        while (off + l < size && txt[off + l] != '\n' && txt[off + l] != '\0' && l < sizeof path - 1) l++;
        memcpy(path, txt + off, l);
        path[l] = '\0';
        int a = wn_robots_allowed(r, path);
        FUZZ_CHECK(a == 0 || a == 1);
    }
    wn_robots_destroy(&r);
    FUZZ_CHECK(r == NULL);
    return 0;
}
