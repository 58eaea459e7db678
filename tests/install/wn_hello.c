/* wn_hello.c -- a program built against an installed libwinnow with
 * `pkg-config --cflags --libs winnow` (tests/e2e/install.sh): prints the
 * library's version beside the headers', then the title and first line of
 * a small page, and the JSON record's status. Exit 1 on any failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winnow/extract.h>
#include <winnow/version.h>

static const char page[] = "<!doctype html><html lang=en><head><title>Hello from libwinnow</title></head>"
                           "<body><nav><a href=/>Home</a> <a href=/about>About</a></nav><article>"
                           "<h1>Hello from libwinnow</h1><p>This paragraph is the article: a program "
                           "linked through pkg-config extracted it from a page with a menu.</p>"
                           "</article><footer>Copyright</footer></body></html>";

int main(void) {
    printf("library %s, headers %s\n", wn_version(), WN_VERSION_STRING);
    if (strcmp(wn_version(), WN_VERSION_STRING) != 0 || wn_version_number() != WN_VERSION_NUMBER) return 1;
    wn_extractor_t *x = wn_extractor_new(NULL);
    if (!x) return 1;
    wn_doc_t *doc = NULL;
    wn_status st = wn_extract(x, page, sizeof page - 1, "https://example.org/hello", "text/html", &doc);
    int rc = 1;
    if (st != WN_OK) {
        printf("extract failed: %s\n", doc && doc->error ? doc->error : wn_strerror(st));
        goto out;
    }
    char *json = wn_doc_to_json(doc, "hello");
    printf("title: %s\ntext: %s\n%s\n", doc->title ? doc->title : "(none)", doc->text,
           json && strstr(json, "\"status\":\"ok\"") ? "json: status ok" : "json: missing");
    rc = json && strstr(json, "\"status\":\"ok\"") ? 0 : 1;
    free(json);
out:
    wn_doc_destroy(&doc);
    wn_extractor_destroy(&x);
    return rc;
}
